// ml.regime v1: the market regime the HMM detector sees for a symbol, on
// `ml.regime.{symbol}`; strategies adapt to it.
import { enumOf, int, object, refine, type Infer } from '../schema';
import { modelIdField, probabilityField, sumsToOne, symbolField, timeField, timeframeField } from './common.fields';
import { defineMessage } from './message-definition';

export const MARKET_REGIMES = ['trend', 'range', 'volatile'] as const;

export const regimeDetectedSchema = refine(
  object({
    symbol: symbolField,
    timeframe: timeframeField,
    barTime: timeField,
    regime: enumOf(MARKET_REGIMES),
    probabilities: object({ trend: probabilityField, range: probabilityField, volatile: probabilityField }),
    modelId: modelIdField,
    modelVersion: int({ min: 1 }),
  }),
  (detected) => {
    const { trend, range, volatile } = detected.probabilities;
    if (!sumsToOne([trend, range, volatile])) {
      return { path: ['probabilities'], message: `must sum to 1, got ${trend + range + volatile}` };
    }
    if (detected.probabilities[detected.regime] < Math.max(trend, range, volatile)) {
      return { path: ['regime'], message: `must be the most probable regime (${detected.regime} has ${detected.probabilities[detected.regime]})` };
    }
    return undefined;
  },
);

export type RegimeDetected = Infer<typeof regimeDetectedSchema>;
export type MarketRegime = RegimeDetected['regime'];

export const regimeDetectedV1 = defineMessage({ type: 'ml.regime', version: 1, kind: 'event', schema: regimeDetectedSchema });
