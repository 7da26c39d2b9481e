// market.quote v1: the latest bid/ask of a symbol, on `market.quote.{symbol}`.
// Risk marks open positions with it.
import { object, refine, type Infer } from '../schema';
import { priceField, symbolField, timeField } from './common.fields';
import { defineMessage } from './message-definition';

export const quoteUpdatedSchema = refine(
  object({
    symbol: symbolField,
    time: timeField,
    bid: priceField,
    ask: priceField,
  }),
  (quote) => (quote.ask < quote.bid ? { path: ['ask'], message: `must not be below bid (bid ${quote.bid}, ask ${quote.ask})` } : undefined),
);

export type QuoteUpdated = Infer<typeof quoteUpdatedSchema>;

export const quoteUpdatedV1 = defineMessage({ type: 'market.quote', version: 1, kind: 'event', schema: quoteUpdatedSchema });
