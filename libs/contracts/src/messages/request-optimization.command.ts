// optimizer.request v1: a person's or a schedule's request to re-tune a
// strategy now, on `optimizer.request` (sent by the API and the CLI, consumed
// by the optimizer). What to tune and on which data; the optimizer's own
// settings decide the rest (windows, objective, validation).
import { array, int, object, optional, string, type Infer } from '../schema';
import { sentenceField, symbolField, timeField, timeframeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

export const requestOptimizationSchema = object({
  strategy: wordField,
  requestedBy: string({ minLength: 1, maxLength: 128, expected: 'a non-empty requester of at most 128 characters' }),
  reason: sentenceField,
  /** Symbols to tune on; every symbol the strategy trades when absent. */
  symbols: optional(array(symbolField, { minLength: 1, maxLength: 64 })),
  timeframe: optional(timeframeField),
  /** History to use, UTC epoch ms; the optimizer's default window when absent. */
  from: optional(timeField),
  to: optional(timeField),
  trials: optional(int({ min: 1, max: 100_000 })),
});

export type RequestOptimizationCommand = Infer<typeof requestOptimizationSchema>;

export const requestOptimizationV1 = defineMessage({ type: 'optimizer.request', version: 1, kind: 'command', schema: requestOptimizationSchema });
