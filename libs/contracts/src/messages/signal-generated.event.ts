// signal: a strategy's view on a symbol after a bar, published on
// `signal.{strategy}.{symbol}`. An intent, not an order: risk decides.
// v2 carries the version of the parameters the strategy ran with (the
// optimizer's promotion, or "defaults"), so a decision can be traced to the
// parameters behind it; v1 is still read.
import { enumOf, object, optional, refine, string, type Infer } from '../schema';
import { priceField, probabilityField, sentenceField, symbolField, timeField, timeframeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

const signalFieldsV1 = {
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
};

function checkLevels(signal: { side: string; stopLoss?: number; takeProfit?: number }): { path: string[]; message: string } | undefined {
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
}

export const signalGeneratedSchemaV1 = refine(object(signalFieldsV1), checkLevels);

export const signalGeneratedSchema = refine(
  object({
    ...signalFieldsV1,
    /** The parameters the strategy ran with: the promotion's `{studyId}/{trialId}`, or "defaults"; absent from a backtest's in-process signals. */
    parametersVersion: optional(string({ pattern: /^[A-Za-z0-9_./:-]{1,128}$/, expected: 'a parameters version of 1-128 letters, digits, "_", ".", "/", ":" or "-"' })),
  }),
  checkLevels,
);

export type SignalGeneratedV1 = Infer<typeof signalGeneratedSchemaV1>;
export type SignalGenerated = Infer<typeof signalGeneratedSchema>;

export const signalGeneratedV1 = defineMessage({ type: 'signal', version: 1, kind: 'event', schema: signalGeneratedSchemaV1 });
export const signalGeneratedV2 = defineMessage({ type: 'signal', version: 2, kind: 'event', schema: signalGeneratedSchema });
