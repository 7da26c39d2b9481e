// flow.release v1: in a lockstep replay, tells a consumer that holds what it
// receives (the risk service) that every message of the current step has
// arrived, so it handles what it holds now, in the kernel's canonical order
// (execution reports and financing, then commands, then market data, then
// signals by symbol and strategy). Sent by the replay's barrier on
// `flow.release`.
import { int, object, type Infer } from '../schema';
import { timeField } from './common.fields';
import { defineMessage } from './message-definition';

export const releaseHeldMessagesSchema = object({
  /** The replay's step (one per bar or scheduled command), counting from 1. */
  step: int({ min: 1 }),
  /** Market time of the step. */
  time: timeField,
});

export type ReleaseHeldMessagesCommand = Infer<typeof releaseHeldMessagesSchema>;

export const releaseHeldMessagesV1 = defineMessage({ type: 'flow.release', version: 1, kind: 'command', schema: releaseHeldMessagesSchema });
