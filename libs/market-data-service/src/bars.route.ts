// GET /bars?symbol=EURUSD&tf=H1&from=...&to=... on the service's HTTP port:
// bar history for strategies rebuilding their state and for people, served
// cache-aside. Bad input is a 400 naming the field.
import { isTimeframe, type Timeframe } from '@trading/domain';
import { HttpError, type RouteHandler } from '@trading/observability';
import type { MarketDataService } from './market-data.service';

const SYMBOL = /^[A-Z]{6}$/;
/** A window larger than this is refused rather than loaded whole into memory. */
export const MAX_BARS_PER_REQUEST = 50_000;

export function barsRoute(service: Pick<MarketDataService, 'bars'>, timeframeMs: (tf: Timeframe) => number): RouteHandler {
  return async (query) => {
    const symbol = query.get('symbol') ?? '';
    if (!SYMBOL.test(symbol)) throw new HttpError(400, `symbol must be six capital letters such as EURUSD, got ${JSON.stringify(symbol)}`, 'symbol');
    const tf = query.get('tf') ?? '';
    if (!isTimeframe(tf)) throw new HttpError(400, `tf must be one of M1, M5, M15, M30, H1, H4, D1, got ${JSON.stringify(tf)}`, 'tf');
    const from = parseTime(query.get('from'), 'from');
    const to = parseTime(query.get('to'), 'to');
    if (!(from < to)) throw new HttpError(400, 'from must be before to', 'to');
    if ((to - from) / timeframeMs(tf) > MAX_BARS_PER_REQUEST) {
      throw new HttpError(400, `the window holds more than ${MAX_BARS_PER_REQUEST} ${tf} bars; ask for a shorter one`, 'to');
    }
    const bars = await service.bars(symbol, tf, from, to);
    return { status: 200, body: { symbol, timeframe: tf, from, to, count: bars.length, bars } };
  };
}

/** Epoch milliseconds or an ISO 8601 time with a zone. */
function parseTime(raw: string | null, field: string): number {
  if (raw === null || raw === '') throw new HttpError(400, `${field} is required (epoch ms or ISO time such as 2025-07-01T00:00:00Z)`, field);
  const value = /^\d+$/.test(raw) ? Number(raw) : /[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? Date.parse(raw) : Number.NaN;
  // Past ±8.64e15 ms there is no date (Date would throw on it further down).
  if (!(Math.abs(value) <= 8.64e15)) throw new HttpError(400, `${field} must be epoch ms or an ISO time with a zone, got ${JSON.stringify(raw)}`, field);
  return value;
}
