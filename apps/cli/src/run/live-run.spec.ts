// Which bars drive the paper venue and risk in a live run, where every
// followed series is current at once: each symbol's finest timeframe, the
// series risk warms up on.
import { finestSeries, finestSeriesDrive } from './live-run';

const bar = (symbol: string, timeframe: string) => ({ symbol, timeframe, time: Date.UTC(2025, 8, 1) });

describe('live driving series', () => {
  const followed = [
    { symbol: 'EURUSD', timeframe: 'H1' as const },
    { symbol: 'GBPUSD', timeframe: 'H4' as const },
    { symbol: 'EURUSD', timeframe: 'M5' as const },
    { symbol: 'GBPUSD', timeframe: 'D1' as const },
    { symbol: 'EURUSD', timeframe: 'M15' as const },
  ];

  it("takes each symbol's finest followed timeframe, in the order the symbols first appear", () => {
    expect(finestSeries(followed)).toEqual([
      { symbol: 'EURUSD', timeframe: 'M5' },
      { symbol: 'GBPUSD', timeframe: 'H4' },
    ]);
    expect(finestSeries([])).toEqual([]);
  });

  it('lets only those bars drive', () => {
    const drives = finestSeriesDrive(followed);
    expect([bar('EURUSD', 'M5'), bar('EURUSD', 'H1'), bar('EURUSD', 'M15'), bar('GBPUSD', 'H4'), bar('GBPUSD', 'D1'), bar('USDCHF', 'M5')].map(drives)).toEqual([true, false, false, true, false, false]);
  });
});
