// One behaviour suite every BarCache adapter must pass (in-memory and Redis
// run it from their own spec files). The fixture says how time passes for the
// adapter: the in-memory cache reads the ManualClock; Redis expires keys on its
// own clock, so its fixture moves each key's remaining TTL (PTTL) on by the same
// amount rather than waiting. The TTLs are long enough that nothing expires in
// real time while a test runs, however loaded the machine.
import { ManualClock, type Bar } from '@trading/domain';
import type { BarCache, BarCacheTtl } from '../cache/bar-cache.port';
import type { BarRequest } from '../sources/market-data-source.port';
import { barsBetween, sharedH1Bars2025 } from './shared-bars.fixture';

export interface BarCacheFixture {
  readonly cache: BarCache;
  /** Moves the clock the cache reads and the store's own TTLs on by `ms`. */
  elapse(ms: number): Promise<void>;
  teardown(): Promise<void>;
}

/** Three different TTLs, so a window or quote stored with the wrong one shows. */
export const BAR_CACHE_CONTRACT_TTL: BarCacheTtl = { openRangeTtlMs: 60_000, closedRangeTtlMs: 3_600_000, quoteTtlMs: 30_000 };
/** How far before its TTL an entry is checked to be still there: real time passes between a write and the check. */
const BEFORE_EXPIRY_MS = 10_000;
/** "Now" for the suite: 2025-07-01 05:30Z, inside the H1 bar of 05:00. */
export const BAR_CACHE_CONTRACT_NOW = Date.UTC(2025, 6, 1, 5, 30);

export function describeBarCacheContract(name: string, setup: (clock: ManualClock) => Promise<BarCacheFixture>): void {
  describe(`${name} (BarCache contract)`, () => {
    const eurusd = sharedH1Bars2025('EURUSD');
    const closed: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 5, 30), to: Date.UTC(2025, 6, 1) };
    const open: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 6, 1), to: Date.UTC(2025, 6, 1, 6) };
    const closedBars = barsBetween(eurusd, closed.from, closed.to);
    const openBars = barsBetween(eurusd, open.from, open.to);
    let fixture: BarCacheFixture;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = new ManualClock(BAR_CACHE_CONTRACT_NOW);
      fixture = await setup(clock);
    });
    afterEach(() => fixture.teardown());

    function countingLoader(bars: readonly Bar[]): { load: () => Promise<readonly Bar[]>; calls: () => number } {
      let calls = 0;
      return {
        load: async () => {
          calls += 1;
          return bars;
        },
        calls: () => calls,
      };
    }

    it('loads on a miss, then serves the same real bars from the cache without loading again', async () => {
      const loader = countingLoader(closedBars);
      expect(closedBars).toHaveLength(24);
      expect(await fixture.cache.getOrLoad(closed, loader.load)).toEqual(closedBars);
      const again = await fixture.cache.getOrLoad(closed, loader.load);
      expect(again).toEqual(closedBars);
      expect(again[0]).toEqual({ symbol: 'EURUSD', timeframe: 'H1', time: closed.from, open: 1.17294, high: 1.17307, low: 1.17196, close: 1.17305, volume: 234, spread: 7 });
      expect(loader.calls()).toBe(1);
    });

    it('shares one load between concurrent misses of the same window', async () => {
      const loader = countingLoader(closedBars);
      const results = await Promise.all([1, 2, 3].map(() => fixture.cache.getOrLoad(closed, loader.load)));
      expect(results.every((bars) => bars.length === 24)).toBe(true);
      expect(loader.calls()).toBe(1);
    });

    it('does not cache a failed load', async () => {
      await expect(fixture.cache.getOrLoad(closed, () => Promise.reject(new Error('all sources failed')))).rejects.toThrow('all sources failed');
      const loader = countingLoader(closedBars);
      expect(await fixture.cache.getOrLoad(closed, loader.load)).toHaveLength(24);
      expect(loader.calls()).toBe(1);
    });

    it('expires a window with a forming bar quickly but keeps a closed historical window', async () => {
      const openLoader = countingLoader(openBars);
      const closedLoader = countingLoader(closedBars);
      await fixture.cache.getOrLoad(open, openLoader.load);
      await fixture.cache.getOrLoad(closed, closedLoader.load);
      await fixture.elapse(BAR_CACHE_CONTRACT_TTL.openRangeTtlMs - BEFORE_EXPIRY_MS);
      expect(await fixture.cache.get(open)).toEqual(openBars);
      await fixture.elapse(BEFORE_EXPIRY_MS);
      expect(await fixture.cache.get(open)).toBeUndefined();
      expect(await fixture.cache.get(closed)).toEqual(closedBars);
      await fixture.cache.getOrLoad(open, openLoader.load);
      expect(openLoader.calls()).toBe(2);
      expect(closedLoader.calls()).toBe(1);
    });

    it('caches an empty window (a weekend) as a hit', async () => {
      const weekend: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 5, 28), to: Date.UTC(2025, 5, 29) };
      const loader = countingLoader(barsBetween(eurusd, weekend.from, weekend.to));
      expect(await fixture.cache.getOrLoad(weekend, loader.load)).toEqual([]);
      expect(await fixture.cache.getOrLoad(weekend, loader.load)).toEqual([]);
      expect(loader.calls()).toBe(1);
    });

    it('keeps windows of different timeframes and symbols apart, and forgets an invalidated one', async () => {
      await fixture.cache.set(closed, closedBars);
      expect(await fixture.cache.get({ ...closed, timeframe: 'M5' })).toBeUndefined();
      expect(await fixture.cache.get({ ...closed, symbol: 'GBPUSD' })).toBeUndefined();
      await fixture.cache.invalidate(closed);
      expect(await fixture.cache.get(closed)).toBeUndefined();
    });

    it('forgets every window of one series, and only that series, when asked to', async () => {
      const earlier: BarRequest = { ...closed, from: closed.from - 86_400_000, to: closed.from };
      await fixture.cache.set(closed, closedBars);
      await fixture.cache.set(earlier, barsBetween(eurusd, earlier.from, earlier.to));
      await fixture.cache.set({ ...closed, timeframe: 'H4' }, []);
      await fixture.cache.set({ ...closed, symbol: 'EURGBP' }, []);
      await fixture.cache.invalidateSeries('EURUSD', 'H1');
      expect(await fixture.cache.get(closed)).toBeUndefined();
      expect(await fixture.cache.get(earlier)).toBeUndefined();
      expect(await fixture.cache.get({ ...closed, timeframe: 'H4' })).toEqual([]);
      expect(await fixture.cache.get({ ...closed, symbol: 'EURGBP' })).toEqual([]);
    });

    it('keeps the latest quote for a short TTL', async () => {
      const last = openBars[openBars.length - 1];
      const quote = { symbol: 'EURUSD', time: BAR_CACHE_CONTRACT_NOW, bid: last.close, ask: Math.round((last.close + 0.00007) * 1e5) / 1e5 };
      await fixture.cache.setQuote(quote);
      expect(await fixture.cache.getQuote('EURUSD')).toEqual(quote);
      expect(await fixture.cache.getQuote('GBPUSD')).toBeUndefined();
      await fixture.elapse(BAR_CACHE_CONTRACT_TTL.quoteTtlMs - BEFORE_EXPIRY_MS);
      expect(await fixture.cache.getQuote('EURUSD')).toEqual(quote);
      await fixture.elapse(BEFORE_EXPIRY_MS);
      expect(await fixture.cache.getQuote('EURUSD')).toBeUndefined();
    });
  });
}
