// flow.handled v1: a consumer's receipt for one message, on `flow.handled`,
// sent only in a lockstep replay (`trading run --lockstep`). It names what the
// handling produced, so the replay's barrier can follow the causation chain
// of a bar to its end across processes: a bar's step is over when every
// message it caused has a receipt from every queue it was routed to. A
// stateful service writes the receipt in the handler's own transaction (the
// outbox), so it never announces what did not commit.
import { array, int, object, string, type Infer } from '../schema';
import { uuidField } from './common.fields';
import { defineMessage } from './message-definition';

export const messageHandledSchema = object({
  /** The queue the message was consumed from (e.g. risk.inbox). */
  consumer: string({ pattern: /^[A-Za-z0-9_.:-]{1,200}$/, expected: 'a queue name' }),
  messageId: uuidField,
  /** Ids of the messages the handling published or enqueued. */
  produced: array(uuidField, { maxLength: 10_000 }),
  /** Messages the consumer holds for a later release (risk's lockstep gate); 0 elsewhere. */
  held: int({ min: 0 }),
});

export type MessageHandled = Infer<typeof messageHandledSchema>;

export const messageHandledV1 = defineMessage({ type: 'flow.handled', version: 1, kind: 'event', schema: messageHandledSchema });
