// What a lockstep consumer sends after handling a message: a flow.handled
// receipt naming what it produced (see causal-barrier.ts). Outside a lockstep
// replay a service has no receipts to send, and this does nothing, so the
// same handler code serves both.
import { derivedId, type Envelope, type MessageFactory, topics } from '@trading/contracts';
import type { MessageBus } from '@trading/messaging';

export interface HandledReceipts {
  /** Sends the receipt of `handled` by `consumer` (after its transaction committed). */
  send(consumer: string, handled: Envelope, produced: readonly Envelope[], held?: number): Promise<void>;
}

/** Receipts are not sent: the run is not a lockstep replay. */
export const NO_RECEIPTS: HandledReceipts = { send: async () => undefined };

/** Publishes receipts on `flow.handled` with ids derived from the message and consumer, so a redelivery repeats the same receipt. */
export function busReceipts(bus: Pick<MessageBus, 'publish'>, factory: MessageFactory): HandledReceipts {
  return {
    send: async (consumer, handled, produced, held = 0) => {
      const payload = { consumer, messageId: handled.id, produced: produced.map((envelope) => envelope.id), held };
      const id = derivedId(`${handled.id}:${consumer}`, 'lockstep/flow.handled', handled.occurredAt);
      await bus.publish(topics.flowHandled(), factory.create('flow.handled', payload, { id, occurredAt: handled.occurredAt, causedBy: handled }));
    },
  };
}
