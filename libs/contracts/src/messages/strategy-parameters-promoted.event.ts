// optimizer.params v1: parameters the optimizer validated (walk-forward, Monte
// Carlo, paper trial) and promoted for a strategy, on
// `optimizer.params.{strategy}`, with the study and trial they came from.
import { boolean, int, number, object, optional, record, string, union, type Infer } from '../schema';
import { symbolField, timeField, timeframeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

const parameterName = { keyPattern: /^[A-Za-z][A-Za-z0-9_]{0,63}$/, keyExpected: 'a parameter name' };

export const strategyParametersPromotedSchema = object({
  strategy: wordField,
  /** Absent when the parameters apply to every symbol the strategy trades. */
  symbol: optional(symbolField),
  timeframe: optional(timeframeField),
  params: record(union(number(), string({ maxLength: 200 }), boolean()), { ...parameterName, minEntries: 1 }),
  studyId: wordField,
  trialId: int({ min: 0 }),
  /** In-sample metrics of the trial, e.g. sharpe, profitFactor, maxDrawdown. */
  metrics: record(number(), parameterName),
  /** Out-of-sample metrics that justified the promotion (walk-forward, Monte Carlo, paper). */
  validationMetrics: record(number(), { ...parameterName, minEntries: 1 }),
  /** Strategies switch to these parameters from this time on, UTC epoch ms. */
  effectiveFrom: timeField,
});

export type StrategyParametersPromoted = Infer<typeof strategyParametersPromotedSchema>;

export const strategyParametersPromotedV1 = defineMessage({
  type: 'optimizer.params',
  version: 1,
  kind: 'event',
  schema: strategyParametersPromotedSchema,
});
