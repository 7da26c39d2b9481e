// Reads an Alpha Vantage FX response. Alpha Vantage reports problems with
// HTTP 200 and a one-key object ("Error Message", "Information", "Note")
// instead of data: those are classified before any series is looked for, so a
// spent quota is a rate limit, a premium-only endpoint is "unsupported", and
// neither is ever read as an empty series.
import { instrumentFor, type Bar, type Timeframe } from '@trading/domain';
import { isRecord, snippet } from '../http/http-request';
import type { BarRequest, DroppedRow } from '../market-data-source.port';
import { roundTo } from '../price-rounding';
import { SourceError } from '../source.error';

const FIELDS = ['1. open', '2. high', '3. low', '4. close'] as const;
const PER_MINUTE_RESET_MS = 60_000;

export function classifyAlphaVantageNotice(source: string, body: Record<string, unknown>): SourceError | undefined {
  const error = body['Error Message'];
  if (typeof error === 'string') return new SourceError(source, 'rejected', `Error Message: ${snippet(error)}`);
  const notice = typeof body['Information'] === 'string' ? body['Information'] : body['Note'];
  if (typeof notice === 'string') {
    const text = snippet(notice, 200);
    if (/premium endpoint|premium plans? to instantly unlock/i.test(notice) && !/rate limit|requests per day/i.test(notice)) {
      return new SourceError(source, 'unsupported', `premium-only endpoint: ${text}`, { retryable: false });
    }
    if (/demo API key|demo purposes/i.test(notice)) return new SourceError(source, 'auth', text, { retryable: false });
    if (/per day|daily/i.test(notice) && !/per minute|calls per minute|per second/i.test(notice)) {
      // The daily quota resets at midnight: not worth retrying within a call.
      return new SourceError(source, 'rate-limited', `daily quota spent: ${text}`, { retryable: false });
    }
    if (/rate limit|call frequency|per minute|per second|requests per/i.test(notice)) {
      return new SourceError(source, 'rate-limited', text, { retryAfterMs: PER_MINUTE_RESET_MS });
    }
    return new SourceError(source, 'unavailable', `unrecognised notice: ${text}`, { retryable: false });
  }
  if (Object.keys(body).length === 0) return new SourceError(source, 'malformed', 'empty JSON object');
  return undefined;
}

export function parseAlphaVantageSeries(
  source: string,
  body: unknown,
  seriesKey: string,
  request: BarRequest,
  delivers: Timeframe,
): { bars: Bar[]; dropped: DroppedRow[] } {
  if (!isRecord(body)) throw new SourceError(source, 'malformed', 'response is not a JSON object');
  const notice = classifyAlphaVantageNotice(source, body);
  if (notice) throw notice;
  const meta = body['Meta Data'];
  const series = body[seriesKey];
  if (!isRecord(meta) || !isRecord(series)) {
    throw new SourceError(source, 'malformed', `no "Meta Data" or "${seriesKey}" in keys ${Object.keys(body).join(', ')}`);
  }
  const zone = Object.entries(meta).find(([key]) => key.endsWith('Time Zone'))?.[1];
  if (zone !== undefined && zone !== 'UTC') throw new SourceError(source, 'malformed', `FX series in time zone "${String(zone)}", expected UTC`);

  const decimals = instrumentFor(request.symbol).precision;
  const bars: Bar[] = [];
  const dropped: DroppedRow[] = [];
  for (const [stamp, row] of Object.entries(series)) {
    const time = parseUtcStamp(stamp);
    if (!Number.isFinite(time)) {
      dropped.push({ time: Number.NaN, reason: `unreadable timestamp "${stamp}"` });
      continue;
    }
    if (time < request.from || time >= request.to) continue;
    const values = FIELDS.map((field) => (isRecord(row) && typeof row[field] === 'string' ? Number(row[field]) : Number.NaN));
    if (!values.every(Number.isFinite)) {
      dropped.push({ time, reason: 'missing or non-numeric price' });
      continue;
    }
    const [open, high, low, close] = values.map((value) => roundTo(value, decimals));
    bars.push({ symbol: request.symbol, timeframe: delivers, time, open, high, low, close, volume: 0, spread: 0 });
  }
  // The text is newest first but JSON object order is not a promise: sort.
  bars.sort((a, b) => a.time - b.time);
  return { bars, dropped };
}

/** "yyyy-MM-dd HH:mm:ss" or "yyyy-MM-dd", UTC. */
function parseUtcStamp(stamp: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(stamp);
  if (!match) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}
