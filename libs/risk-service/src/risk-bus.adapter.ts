// The one file that ties the risk desk to the bus: the risk.inbox queue
// (single active consumer, every input of the desk in one total order), each
// delivery handed to the batch unit and acked when its transaction has
// committed; a refused message (a bad set-limits, a symbol the desk does not
// trade) is dead-lettered with its reason. MessageBus.consumeBatches and the
// NestJS transport will replace this file when they land on main.
import type { RoutePattern } from '@trading/contracts';
import { type ConsumerHandle, type MessageBus, RejectMessage } from '@trading/messaging';
import { SERVICE_QUEUES } from '@trading/messaging/rabbitmq';
import { withCorrelation } from '@trading/observability';
import type { RiskDeskService } from './desk/risk-desk.service';

export const RISK_INBOX_QUEUE = 'risk.inbox';

export function riskInboxBindings(): readonly RoutePattern[] {
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === RISK_INBOX_QUEUE);
  if (queue === undefined) throw new Error(`the messaging topology has no ${RISK_INBOX_QUEUE} queue`);
  return queue.bindings as readonly RoutePattern[];
}

export function consumeRiskInbox(bus: MessageBus, service: () => RiskDeskService, options: { readonly prefetch?: number } = {}): Promise<ConsumerHandle> {
  return bus.consume({
    queue: RISK_INBOX_QUEUE,
    bindings: riskInboxBindings(),
    singleActiveConsumer: true,
    prefetch: options.prefetch ?? 64,
    handler: async ({ envelope }) =>
      withCorrelation(envelope.correlationId, async () => {
        const report = await service().handleBatch([envelope]);
        const refused = report.outcomes.find((outcome) => outcome.outcome === 'refused');
        if (refused !== undefined) throw new RejectMessage(refused.reason ?? 'refused by the risk desk');
      }),
  });
}
