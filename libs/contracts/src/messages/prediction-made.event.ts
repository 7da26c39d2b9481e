// ml.prediction v1: a model's forecast for a symbol after a bar, on
// `ml.prediction.{symbol}`: class probabilities over the horizon and,
// for regression models, the expected return.
import { int, number, object, optional, record, refine, type Infer } from '../schema';
import { modelIdField, probabilityField, sumsToOne, symbolField, timeField, timeframeField } from './common.fields';
import { defineMessage } from './message-definition';

export const predictionMadeSchema = refine(
  object({
    symbol: symbolField,
    timeframe: timeframeField,
    barTime: timeField,
    /** Bars ahead the prediction is about. */
    horizonBars: int({ min: 1 }),
    /** Probability per class label (e.g. up, down, flat); sums to 1. */
    probabilities: record(probabilityField, { keyPattern: /^[a-z][a-z0-9_]{0,31}$/, keyExpected: 'a lower-case class label', minEntries: 2 }),
    /** Expected log return over the horizon, when the model gives one. */
    expectedReturn: optional(number()),
    modelId: modelIdField,
    modelVersion: int({ min: 1 }),
  }),
  (prediction) =>
    sumsToOne(Object.values(prediction.probabilities))
      ? undefined
      : { path: ['probabilities'], message: `must sum to 1, got ${sum(Object.values(prediction.probabilities))}` },
);

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export type PredictionMade = Infer<typeof predictionMadeSchema>;

export const predictionMadeV1 = defineMessage({ type: 'ml.prediction', version: 1, kind: 'event', schema: predictionMadeSchema });
