// flow.release v1: in a lockstep replay, tells one consumer that holds what
// it receives (risk, the strategies) that every message of the current step
// has reached it, so it handles what it holds now, in the kernel's canonical
// order (execution reports and financing, then commands, then market data,
// then signals by symbol and strategy). Sent by the replay's barrier on
// `flow.release`, to the strategies first and risk last, as the kernel
// orders them; a consumer ignores a release addressed to another.
import { int, object, string, type Infer } from '../schema';
import { timeField } from './common.fields';
import { defineMessage } from './message-definition';

export const releaseHeldMessagesSchema = object({
  /** The replay's step (one per bar or scheduled command), counting from 1. */
  step: int({ min: 1 }),
  /** Market time of the step. */
  time: timeField,
  /** The queue of the consumer to release (e.g. risk.inbox). */
  consumer: string({ pattern: /^[A-Za-z0-9_.:-]{1,200}$/, expected: 'a queue name' }),
});

export type ReleaseHeldMessagesCommand = Infer<typeof releaseHeldMessagesSchema>;

export const releaseHeldMessagesV1 = defineMessage({ type: 'flow.release', version: 1, kind: 'command', schema: releaseHeldMessagesSchema });
