// Reads IG /prices (v3) candles: bid and ask OHLC per candle become a mid
// OHLC bar with the close spread in points. snapshotTimeUTC (no zone suffix)
// is the UTC time; snapshotTime is account-local and is never used.
import { instrumentFor, pointSize, timeframeMs, type Bar } from '@trading/domain';
import { isRecord } from '../http/http-request';
import type { BarRequest, DroppedRow } from '../market-data-source.port';
import { roundTo } from '../price-rounding';
import { SourceError } from '../source.error';

const PRICE_KEYS = ['openPrice', 'highPrice', 'lowPrice', 'closePrice'] as const;

export interface IgPricesPage {
  readonly bars: Bar[];
  readonly dropped: DroppedRow[];
  readonly pageNumber: number;
  readonly totalPages: number;
}

export function parseIgPricesPage(source: string, body: unknown, request: BarRequest): IgPricesPage {
  if (!isRecord(body) || !Array.isArray(body['prices'])) throw new SourceError(source, 'malformed', 'prices response has no "prices" array');
  const instrument = instrumentFor(request.symbol);
  const point = pointSize(instrument);
  // Mid of two quoted prices has one more decimal than the quotes.
  const midDecimals = instrument.precision + 1;
  const step = timeframeMs(request.timeframe);
  const bars: Bar[] = [];
  const dropped: DroppedRow[] = [];
  for (const candle of body['prices'] as unknown[]) {
    const stamp = isRecord(candle) ? candle['snapshotTimeUTC'] : undefined;
    const time = typeof stamp === 'string' ? Date.parse(`${stamp}Z`) : Number.NaN;
    if (!isRecord(candle) || !Number.isFinite(time)) {
      dropped.push({ time: Number.NaN, reason: 'candle without a readable snapshotTimeUTC' });
      continue;
    }
    const sides = PRICE_KEYS.map((key) => {
      const price = candle[key];
      const bid = isRecord(price) ? price['bid'] : undefined;
      const ask = isRecord(price) ? price['ask'] : undefined;
      return typeof bid === 'number' && typeof ask === 'number' && Number.isFinite(bid) && Number.isFinite(ask) ? { bid, ask } : undefined;
    });
    if (sides.some((side) => side === undefined)) {
      dropped.push({ time, reason: 'missing bid or ask' });
      continue;
    }
    if (time % step !== 0) {
      dropped.push({ time, reason: `not on the ${request.timeframe} grid` });
      continue;
    }
    if (time < request.from || time >= request.to) {
      dropped.push({ time, reason: 'outside the requested window' });
      continue;
    }
    const [open, high, low, close] = sides.map((side) => roundTo(((side as { bid: number }).bid + (side as { ask: number }).ask) / 2, midDecimals));
    const closeSide = sides[3] as { bid: number; ask: number };
    const volume = candle['lastTradedVolume'];
    bars.push({
      symbol: request.symbol,
      timeframe: request.timeframe,
      time,
      open,
      high,
      low,
      close,
      volume: typeof volume === 'number' && Number.isFinite(volume) ? volume : 0,
      spread: Math.round((closeSide.ask - closeSide.bid) / point),
    });
  }
  const metadata = isRecord(body['metadata']) ? body['metadata'] : {};
  const pageData = isRecord(metadata['pageData']) ? metadata['pageData'] : {};
  const pageNumber = typeof pageData['pageNumber'] === 'number' ? pageData['pageNumber'] : 1;
  const totalPages = typeof pageData['totalPages'] === 'number' ? pageData['totalPages'] : 1;
  return { bars, dropped, pageNumber, totalPages };
}
