import { ManualClock } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';
import { describeBarCacheContract, BAR_CACHE_CONTRACT_NOW, BAR_CACHE_CONTRACT_TTL } from '../testing/bar-cache.contract-suite';
import { barsBetween, sharedH1Bars2025 } from '../testing/shared-bars.fixture';
import { InMemoryBarCache } from './in-memory.bar-cache';

describeBarCacheContract('InMemoryBarCache', async (clock) => ({
  cache: new InMemoryBarCache(clock, { ttl: BAR_CACHE_CONTRACT_TTL }),
  elapse: async (ms) => clock.advance(ms),
  teardown: async () => undefined,
}));

describe('InMemoryBarCache size bound', () => {
  const eurusd = sharedH1Bars2025('EURUSD');
  const day = (d: number): BarRequest => ({ symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 5, d), to: Date.UTC(2025, 5, d + 1) });
  const barsOf = (request: BarRequest) => barsBetween(eurusd, request.from, request.to);

  it('evicts the least recently used window when it holds too many', async () => {
    const cache = new InMemoryBarCache(new ManualClock(BAR_CACHE_CONTRACT_NOW), { ttl: BAR_CACHE_CONTRACT_TTL, maxEntries: 2 });
    await cache.set(day(23), barsOf(day(23)));
    await cache.set(day(24), barsOf(day(24)));
    await cache.get(day(23));
    await cache.set(day(25), barsOf(day(25)));
    expect(await cache.get(day(24))).toBeUndefined();
    expect(await cache.get(day(23))).toHaveLength(24);
    expect(await cache.get(day(25))).toHaveLength(24);
    expect(cache.size).toBe(2);
  });

  it('evicts by total bars held', async () => {
    const cache = new InMemoryBarCache(new ManualClock(BAR_CACHE_CONTRACT_NOW), { ttl: BAR_CACHE_CONTRACT_TTL, maxBars: 50 });
    for (const d of [23, 24, 25]) await cache.set(day(d), barsOf(day(d)));
    expect(cache.bars).toBe(48);
    expect(await cache.get(day(23))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('rejects a zero bound naming it', () => {
    expect(() => new InMemoryBarCache(new ManualClock(), { maxEntries: 0 })).toThrow('maxEntries');
  });
});
