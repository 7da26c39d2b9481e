import { barsBetween, sharedH1Bars2025 } from '../testing/shared-bars.fixture';
import { decodeBars, encodeBars } from './bar.codec';

describe('bar codec', () => {
  const bars = barsBetween(sharedH1Bars2025('GBPUSD'), Date.UTC(2025, 7, 4), Date.UTC(2025, 7, 9));

  it('round-trips real bars exactly in 8 + 56 bytes per bar', () => {
    const bytes = encodeBars(bars);
    expect(bars).toHaveLength(120);
    expect(bytes.length).toBe(8 + 120 * 56);
    expect(decodeBars(bytes, { symbol: 'GBPUSD', timeframe: 'H1' })).toEqual(bars);
  });

  it('reads bytes at an odd offset inside a larger buffer', () => {
    const bytes = encodeBars(bars);
    const shifted = Buffer.concat([Buffer.from([1, 2, 3]), bytes]).subarray(3);
    expect(decodeBars(shifted, { symbol: 'GBPUSD', timeframe: 'H1' })).toEqual(bars);
  });

  it('treats truncated or foreign bytes as unreadable', () => {
    const bytes = encodeBars(bars);
    expect(decodeBars(bytes.subarray(0, bytes.length - 1), { symbol: 'GBPUSD', timeframe: 'H1' })).toBeUndefined();
    expect(decodeBars(Buffer.from('{"bars":[]}'), { symbol: 'GBPUSD', timeframe: 'H1' })).toBeUndefined();
  });

  it('encodes an empty window', () => {
    expect(decodeBars(encodeBars([]), { symbol: 'GBPUSD', timeframe: 'H1' })).toEqual([]);
  });
});
