// signal v1: a strategy's view on a symbol after a bar, published on
// `signal.{strategy}.{symbol}`. An intent, not an order: risk decides.
import { enumOf, object, optional, refine, type Infer } from '../schema';
import { priceField, probabilityField, sentenceField, symbolField, timeField, timeframeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

export const signalGeneratedSchema = refine(
  object({
    strategy: wordField,
    symbol: symbolField,
    timeframe: timeframeField,
    /** Start time of the bar the signal was computed on. */
    barTime: timeField,
    side: enumOf(['buy', 'sell', 'flat'] as const),
    /** How strong the setup is, 0..1. */
    strength: probabilityField,
    /** How sure the strategy is, 0..1. */
    confidence: probabilityField,
    /** Price the strategy reasoned from (usually the bar close). */
    referencePrice: optional(priceField),
    stopLoss: optional(priceField),
    takeProfit: optional(priceField),
    /** Why, for the audit trail and the dashboard. */
    reason: sentenceField,
  }),
  (signal) => {
    if (signal.side === 'flat' && (signal.stopLoss !== undefined || signal.takeProfit !== undefined)) {
      return { path: ['stopLoss'], message: 'a flat signal carries no stop-loss or take-profit' };
    }
    if (signal.stopLoss !== undefined && signal.takeProfit !== undefined) {
      const wrongWay = signal.side === 'buy' ? signal.stopLoss >= signal.takeProfit : signal.stopLoss <= signal.takeProfit;
      if (wrongWay) {
        return {
          path: ['stopLoss'],
          message: `must be ${signal.side === 'buy' ? 'below' : 'above'} takeProfit for a ${signal.side} (stopLoss ${signal.stopLoss}, takeProfit ${signal.takeProfit})`,
        };
      }
    }
    return undefined;
  },
);

export type SignalGenerated = Infer<typeof signalGeneratedSchema>;

export const signalGeneratedV1 = defineMessage({ type: 'signal', version: 1, kind: 'event', schema: signalGeneratedSchema });
