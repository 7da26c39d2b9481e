import type { Bar } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';
import { barResponseProblems } from './bar-response.validator';

const H = 3_600_000;
const request: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from: 100 * H, to: 110 * H };
// Three real EURUSD H1 bars (fx-h1-2025, 2025-06-23 00:00..02:00), placed inside the window.
const good: Bar[] = [
  { symbol: 'EURUSD', timeframe: 'H1', time: 100 * H, open: 1.14565, high: 1.14745, low: 1.14565, close: 1.14721, volume: 644, spread: 7 },
  { symbol: 'EURUSD', timeframe: 'H1', time: 101 * H, open: 1.14721, high: 1.14943, low: 1.14721, close: 1.14885, volume: 3043, spread: 7 },
  { symbol: 'EURUSD', timeframe: 'H1', time: 102 * H, open: 1.14885, high: 1.15071, low: 1.14857, close: 1.14992, volume: 1979, spread: 7 },
];

function withBar(index: number, change: Partial<Bar>): Bar[] {
  return good.map((bar, i) => (i === index ? { ...bar, ...change } : bar));
}

describe('barResponseProblems', () => {
  it('accepts sorted, aligned, consistent bars inside the window', () => {
    expect(barResponseProblems(request, good)).toEqual([]);
  });

  it('rejects a zero, negative or NaN price', () => {
    expect(barResponseProblems(request, withBar(1, { close: 0 }))[0]).toContain('finite and positive');
    expect(barResponseProblems(request, withBar(1, { low: Number.NaN }))[0]).toContain('finite and positive');
  });

  it('rejects a bar whose high is below its close', () => {
    expect(barResponseProblems(request, withBar(0, { high: 1.147 }))[0]).toContain('OHLC inconsistent');
  });

  it('rejects bars outside the window or off the timeframe grid', () => {
    expect(barResponseProblems(request, withBar(2, { time: 110 * H }))[0]).toContain('outside the requested window');
    expect(barResponseProblems(request, withBar(2, { time: 102 * H + 60_000 }))[0]).toContain('not aligned to H1');
  });

  it('rejects unsorted and duplicate bars', () => {
    expect(barResponseProblems(request, [good[0], good[2], good[1]])[0]).toContain('earlier than the previous bar');
    expect(barResponseProblems(request, [good[0], good[1], good[1]])[0]).toContain('duplicate');
  });

  it('rejects bars of another symbol', () => {
    expect(barResponseProblems(request, withBar(0, { symbol: 'GBPUSD' }))[0]).toContain('is GBPUSD H1');
  });
});
