// market.bar v1: a completed OHLCV bar, published by market-data on
// `market.bar.{timeframe}.{symbol}`. Same fields as the domain Bar.
import { number, object, refine, type Infer } from '../schema';
import { priceField, symbolField, timeField, timeframeField } from './common.fields';
import { defineMessage } from './message-definition';

export const barClosedSchema = refine(
  object({
    symbol: symbolField,
    timeframe: timeframeField,
    /** Bar start, UTC epoch ms. */
    time: timeField,
    open: priceField,
    high: priceField,
    low: priceField,
    close: priceField,
    volume: number({ min: 0 }),
    /** In points, 0 when the source has none. */
    spread: number({ min: 0 }),
  }),
  (bar) => {
    if (bar.low > bar.high) return { path: ['low'], message: `must not be above high (low ${bar.low}, high ${bar.high})` };
    if (bar.open > bar.high || bar.close > bar.high) {
      return { path: ['high'], message: `must be ≥ open and close (high ${bar.high}, open ${bar.open}, close ${bar.close})` };
    }
    if (bar.open < bar.low || bar.close < bar.low) {
      return { path: ['low'], message: `must be ≤ open and close (low ${bar.low}, open ${bar.open}, close ${bar.close})` };
    }
    return undefined;
  },
);

export type BarClosed = Infer<typeof barClosedSchema>;

export const barClosedV1 = defineMessage({ type: 'market.bar', version: 1, kind: 'event', schema: barClosedSchema });
