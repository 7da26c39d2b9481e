// Reads a Yahoo chart response into bars. Nulls in the price arrays, ragged
// arrays, a forming bar that is not on the interval grid and rows outside the
// window are dropped and reported, never turned into zeros. Daily bars are
// stamped at London midnight (23:00Z in summer) and are moved to UTC midnight.
import { instrumentFor, timeframeMs, type Bar, type Timeframe } from '@trading/domain';
import type { BarRequest, DroppedRow } from '../market-data-source.port';
import { roundTo } from '../price-rounding';
import { SourceError } from '../source.error';
import { isRecord } from '../http/http-request';

const DAY_MS = 86_400_000;
// London midnight is at most an hour before UTC midnight; two hours of slack for safety.
const LONDON_MIDNIGHT_SLACK_MS = 2 * 3_600_000;
const FIELDS = ['open', 'high', 'low', 'close'] as const;

export interface ParsedChart {
  readonly bars: Bar[];
  readonly dropped: DroppedRow[];
}

/** `delivers` is the timeframe of the interval asked for (may be finer than the request's). */
export function parseYahooChart(source: string, body: unknown, request: BarRequest, delivers: Timeframe): ParsedChart {
  const chart = isRecord(body) ? body['chart'] : undefined;
  if (!isRecord(chart)) throw new SourceError(source, 'malformed', 'response has no "chart" object');
  const error = chart['error'];
  if (isRecord(error)) {
    throw new SourceError(source, 'rejected', `${String(error['code'])}: ${String(error['description'])}`);
  }
  const results = chart['result'];
  if (!Array.isArray(results) || results.length === 0 || !isRecord(results[0])) {
    throw new SourceError(source, 'malformed', 'chart.result is empty and chart.error is null');
  }
  const result = results[0];
  const timestamps = result['timestamp'];
  // No "timestamp" key is Yahoo's way of saying "no bars in this window" (weekend, holiday).
  if (timestamps === undefined) return { bars: [], dropped: [] };
  if (!Array.isArray(timestamps)) throw new SourceError(source, 'malformed', 'chart.result[0].timestamp is not an array');
  const indicators = result['indicators'];
  const quotes = isRecord(indicators) ? indicators['quote'] : undefined;
  const quote = Array.isArray(quotes) && isRecord(quotes[0]) ? quotes[0] : undefined;
  if (!quote) throw new SourceError(source, 'malformed', 'chart.result[0].indicators.quote[0] is missing');
  const columns = FIELDS.map((field) => {
    const column = quote[field];
    if (!Array.isArray(column)) throw new SourceError(source, 'malformed', `indicators.quote[0].${field} is not an array`);
    return column as unknown[];
  });
  const volumes = Array.isArray(quote['volume']) ? (quote['volume'] as unknown[]) : [];

  const decimals = instrumentFor(request.symbol).precision;
  const step = timeframeMs(delivers);
  const bars: Bar[] = [];
  const dropped: DroppedRow[] = [];
  for (let i = 0; i < timestamps.length; i++) {
    const seconds = timestamps[i];
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      dropped.push({ time: Number.NaN, reason: `timestamp[${i}] is not a number` });
      continue;
    }
    const time = delivers === 'D1' ? dailyBarTime(seconds * 1000) : seconds * 1000;
    if (columns.some((column) => i >= column.length)) {
      dropped.push({ time, reason: 'price arrays shorter than timestamp (ragged response)' });
      continue;
    }
    const missing = FIELDS.filter((_field, k) => typeof columns[k][i] !== 'number' || !Number.isFinite(columns[k][i] as number));
    if (missing.length > 0) {
      dropped.push({ time, reason: `null ${missing.join(', ')}` });
      continue;
    }
    if (time % step !== 0) {
      dropped.push({ time, reason: `not on the ${delivers} grid (forming bar)` });
      continue;
    }
    if (time < request.from || time >= request.to) {
      dropped.push({ time, reason: 'outside the requested window' });
      continue;
    }
    if (bars.length > 0 && time <= bars[bars.length - 1].time) {
      dropped.push({ time, reason: time === bars[bars.length - 1].time ? 'repeats the previous time' : 'earlier than the previous row' });
      continue;
    }
    const [open, high, low, close] = columns.map((column) => roundTo(column[i] as number, decimals));
    const volume = volumes[i];
    bars.push({
      symbol: request.symbol,
      timeframe: delivers,
      time,
      open,
      high,
      low,
      close,
      volume: typeof volume === 'number' && Number.isFinite(volume) ? volume : 0,
      spread: 0,
    });
  }
  return { bars, dropped };
}

/** A daily stamp at London midnight (00:00Z or 23:00Z the day before) as UTC midnight; other stamps are left off-grid. */
function dailyBarTime(stampMs: number): number {
  const intoDay = ((stampMs % DAY_MS) + DAY_MS) % DAY_MS;
  return intoDay >= DAY_MS - LONDON_MIDNIGHT_SLACK_MS ? stampMs - intoDay + DAY_MS : stampMs;
}
