import { ManualClock, type Quote } from '@trading/domain';
import { HttpError } from '@trading/observability';
import { InMemoryLatestQuotes } from './in-memory.latest-quotes';
import { LatestQuoteWriter } from './latest-quote.writer';
import { quoteTtlMs, type LatestQuotes } from './latest-quotes.port';
import { quotesRoute } from './quotes.route';

const HOUR = 3_600_000;
const close = Date.UTC(2015, 2, 9, 15);
// The quote at the close of the real EURUSD H1 bar of 2015-03-09 14:00 (close 1.08578, spread 10 points).
const quote: Quote = { symbol: 'EURUSD', time: close, bid: 1.08578, ask: 1.08588 };

describe('latest quotes in memory', () => {
  it('keeps a quote for its TTL by the injected clock, then forgets it', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10));
    const quotes = new InMemoryLatestQuotes(clock);
    await quotes.put(quote, quoteTtlMs('H1'));
    expect(await quotes.get('EURUSD')).toEqual(quote);
    expect(await quotes.get('GBPUSD')).toBeUndefined();
    clock.advance(3 * HOUR - 1);
    expect(await quotes.get('EURUSD')).toEqual(quote);
    clock.advance(1);
    expect(await quotes.get('EURUSD')).toBeUndefined();
  });

  it('replaces a symbol quote with the newer one and its own TTL', async () => {
    const clock = new ManualClock(0);
    const quotes = new InMemoryLatestQuotes(clock);
    await quotes.put(quote, 1_000);
    const next = { ...quote, time: close + HOUR, bid: 1.08582, ask: 1.08593 };
    await quotes.put(next, 5_000);
    clock.advance(4_999);
    expect(await quotes.get('EURUSD')).toEqual(next);
  });

  it('refuses a TTL that is not a positive whole number of ms', async () => {
    const quotes = new InMemoryLatestQuotes(new ManualClock(0));
    await expect(quotes.put(quote, 0)).rejects.toThrow('a quote TTL must be a positive whole number of ms, got 0');
    await expect(quotes.put(quote, Number.NaN)).rejects.toThrow('got NaN');
  });

  it('lives three bars of its timeframe unless configured', () => {
    expect(quoteTtlMs('M5')).toBe(15 * 60_000);
    expect(quoteTtlMs('H1')).toBe(3 * HOUR);
    expect(quoteTtlMs('H1', 90_000)).toBe(90_000);
  });
});

describe('LatestQuoteWriter', () => {
  /** A store whose writes wait until the test lets them through. */
  function gatedStore() {
    const writes: Array<{ quote: Quote; ttlMs: number }> = [];
    const gates: Array<() => void> = [];
    let failNext = false;
    const store: LatestQuotes = {
      put: (written, ttlMs) =>
        new Promise<void>((resolve, reject) => {
          writes.push({ quote: written, ttlMs });
          gates.push(() => (failNext ? ((failNext = false), reject(new Error('Redis is down'))) : resolve()));
        }),
      get: async () => undefined,
    };
    return { store, writes, open: () => gates.shift()?.(), failNext: () => (failNext = true) };
  }

  it('writes each symbol once at a time, collapsing the quotes that arrive meanwhile into the newest', async () => {
    const gated = gatedStore();
    const writer = new LatestQuoteWriter(gated.store, { onError: () => undefined });
    const at = (hours: number): Quote => ({ ...quote, time: close + hours * HOUR });
    writer.offer(at(0), 'H1');
    writer.offer(at(1), 'H1');
    writer.offer(at(2), 'H1');
    writer.offer({ ...at(0), symbol: 'GBPUSD' }, 'M5');
    expect(gated.writes.map((write) => [write.quote.symbol, write.quote.time, write.ttlMs])).toEqual([
      ['EURUSD', close, 3 * HOUR],
      ['GBPUSD', close, 15 * 60_000],
    ]);
    gated.open();
    await new Promise((resolve) => setImmediate(resolve));
    // The first EURUSD write done, the newest waiting one goes; the one in between never does.
    expect(gated.writes.map((write) => write.quote.time)).toEqual([close, close, close + 2 * HOUR]);
    gated.open();
    gated.open();
    await writer.flush();
    expect(gated.writes).toHaveLength(3);
  });

  it('reports a failed write and goes on with the next quote', async () => {
    const gated = gatedStore();
    const failures: string[] = [];
    const writer = new LatestQuoteWriter(gated.store, { ttlMs: 60_000, onError: (symbol, error) => failures.push(`${symbol}: ${(error as Error).message}`) });
    gated.failNext();
    writer.offer(quote, 'H1');
    writer.offer({ ...quote, time: close + HOUR }, 'H1');
    gated.open();
    await new Promise((resolve) => setImmediate(resolve));
    gated.open();
    await writer.flush();
    expect(failures).toEqual(['EURUSD: Redis is down']);
    expect(gated.writes.map((write) => [write.quote.time, write.ttlMs])).toEqual([
      [close, 60_000],
      [close + HOUR, 60_000],
    ]);
  });
});

describe('GET /quotes/{symbol}', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 10));
  const quotes = new InMemoryLatestQuotes(clock);
  const route = quotesRoute(quotes);
  const refusal = (symbol: string): Promise<HttpError> =>
    route(new URLSearchParams(), { symbol }).then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => error as HttpError,
    );

  it('answers the latest quote, then 404 naming the symbol once it has expired', async () => {
    await quotes.put(quote, 60_000);
    expect(await route(new URLSearchParams(), { symbol: 'EURUSD' })).toEqual({ status: 200, body: quote });
    clock.advance(60_000);
    const expired = await refusal('EURUSD');
    expect([expired.status, expired.message]).toEqual([404, 'no quote for EURUSD: none has been published, or the last one is older than its TTL']);
    expect((await refusal('USDJPY')).status).toBe(404);
  });

  it('refuses a malformed symbol with a 400 naming the field', async () => {
    for (const symbol of ['eurusd', 'EURUSD1', '', 'EUR/USD']) {
      const error = await refusal(symbol);
      expect([error.status, error.field]).toEqual([400, 'symbol']);
      expect(error.message).toBe(`symbol must be six capital letters such as EURUSD, got ${JSON.stringify(symbol)}`);
    }
  });

  it('answers 503 when the store cannot be read', async () => {
    const broken = quotesRoute({ get: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) });
    const error = await broken(new URLSearchParams(), { symbol: 'EURUSD' }).then(
      () => undefined,
      (thrown: unknown) => thrown as HttpError,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect([error?.status, error?.message]).toEqual([503, 'latest quotes are unavailable: connect ECONNREFUSED 127.0.0.1:6379']);
  });
});
