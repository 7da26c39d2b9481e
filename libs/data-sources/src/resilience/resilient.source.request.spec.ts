import { ManualClock, SeededRandom, type Timeframe } from '@trading/domain';
import type { MarketDataSource } from '../sources/market-data-source.port';
import { ResilientSource } from './resilient.source';
import { manualSleeper } from './sleeper';

describe('ResilientSource request checks', () => {
  const clock = new ManualClock(0);
  let calls = 0;
  const inner: MarketDataSource = {
    name: 'counting',
    fetchBars: async () => {
      calls += 1;
      return { source: 'counting', bars: [], dropped: [] };
    },
  };
  const guarded = new ResilientSource(
    inner,
    { rateLimit: { requests: 10, perMs: 1000 }, timeoutMs: 1000, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, breaker: { failureThreshold: 1, coolDownMs: 1000 } },
    { clock, random: new SeededRandom(1), sleep: manualSleeper(clock) },
  );

  it('rejects a bad symbol, timeframe or window before asking the source, leaving its breaker closed', async () => {
    await expect(guarded.fetchBars({ symbol: 'eurusd', timeframe: 'H1', from: 0, to: 1 })).rejects.toThrow('six capital letters');
    await expect(guarded.fetchBars({ symbol: 'EURUSD', timeframe: 'H2' as Timeframe, from: 0, to: 1 })).rejects.toThrow('"H2"');
    await expect(guarded.fetchBars({ symbol: 'EURUSD', timeframe: 'H1', from: 5, to: 5 })).rejects.toThrow('must be after');
    await expect(guarded.fetchBars({ symbol: 'EURUSD', timeframe: 'H1', from: 0, to: Number.POSITIVE_INFINITY })).rejects.toThrow('within ±8640000000000000');
    // Finite but past the last date: would make every message that prints the window throw.
    await expect(guarded.fetchBars({ symbol: 'EURUSD', timeframe: 'H1', from: 0, to: 1e16 })).rejects.toThrow('got from=0 to=10000000000000000');
    expect(calls).toBe(0);
    expect(guarded.breaker.state).toBe('closed');
  });
});
