import { ManualClock, type Bar, type Quote } from '@trading/domain';
import { sharedH1Bars2025 } from '../testing';
import type { BarRequest } from '../sources/market-data-source.port';
import { DEFAULT_BAR_CACHE_TTL } from './bar-cache.port';
import { CacheAsideBarCache } from './cache-aside.bar-cache';

/** A cache whose storage is down: every read and write fails as a lost Redis would. */
class BrokenCache extends CacheAsideBarCache {
  constructor() {
    super(DEFAULT_BAR_CACHE_TTL, new ManualClock(Date.UTC(2026, 0, 1)));
  }
  protected async readBars(): Promise<readonly Bar[] | undefined> {
    throw new Error('Connection is closed.');
  }
  protected async writeBars(): Promise<void> {
    throw new Error('Connection is closed.');
  }
  protected async readQuote(): Promise<Quote | undefined> {
    throw new Error('Connection is closed.');
  }
  protected async writeQuote(): Promise<void> {
    throw new Error('Connection is closed.');
  }
  protected async remove(): Promise<void> {
    throw new Error('Connection is closed.');
  }
  protected async removeByPrefix(): Promise<void> {
    throw new Error('Connection is closed.');
  }
}

describe('CacheAsideBarCache when its storage fails', () => {
  const bars = sharedH1Bars2025('EURUSD').slice(0, 24);
  const request: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from: bars[0].time, to: bars[23].time + 3_600_000 };

  it('serves from the loader, reporting the failed read and write instead of failing the request', async () => {
    const cache = new BrokenCache();
    const reported: string[] = [];
    cache.onError((operation, key, error) => reported.push(`${operation} ${key}: ${(error as Error).message}`));
    const loader = jest.fn(async () => bars);
    await expect(cache.getOrLoad(request, loader)).resolves.toEqual(bars);
    expect(loader).toHaveBeenCalledTimes(1);
    const key = `bars:EURUSD:H1:${request.from}:${request.to}`;
    expect(reported).toEqual([`read ${key}: Connection is closed.`, `write ${key}: Connection is closed.`]);
  });

  it('still fails when the loader fails: a cache outage hides nothing else', async () => {
    const cache = new BrokenCache();
    await expect(cache.getOrLoad(request, async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
  });
});
