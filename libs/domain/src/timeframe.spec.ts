import { bucketStart, canResample, parseTimeframe, timeframeMs } from './timeframe';

describe('timeframes', () => {
  it('aligns buckets to UTC', () => {
    const t = Date.UTC(2022, 0, 4, 18, 37, 12);
    expect(bucketStart(t, 'M5')).toBe(Date.UTC(2022, 0, 4, 18, 35));
    expect(bucketStart(t, 'H4')).toBe(Date.UTC(2022, 0, 4, 16));
    expect(bucketStart(t, 'D1')).toBe(Date.UTC(2022, 0, 4));
  });

  it('parses case-insensitively and names the bad value', () => {
    expect(parseTimeframe('h1')).toBe('H1');
    expect(() => parseTimeframe('H2')).toThrow('unknown timeframe "H2"');
  });

  it('knows which timeframes resample into which', () => {
    expect(canResample('M5', 'H1')).toBe(true);
    expect(canResample('H1', 'M5')).toBe(false);
    expect(timeframeMs('M15')).toBe(900_000);
  });
});
