// The risk service's one bus handler: risk.inbox (single active consumer,
// every input of the desk in one total order) taken in batches of up to
// RISK_MAX_BATCH, each batch one transaction of the desk (group commit).
// Once it committed, each message's lockstep receipt names what its handling
// put in the outbox and how many messages are held (outside a lockstep replay
// nothing is sent); the messages the desk refused (a bad set-limits, a symbol
// it does not trade) are dead-lettered with the reason; the rest are acked.
// A throw (the transaction failed) has the bus retry the batch, then its
// messages one at a time; the desk rebuilds itself from the journal first.
import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { Envelope, RoutePattern } from '@trading/contracts';
import type { BatchOutcome } from '@trading/messaging';
import { BusBatch, BusBatchContext } from '@trading/messaging/nest';
import { SERVICE_QUEUES } from '@trading/messaging/rabbitmq';
import type { HandledReceipts } from '@trading/runtime';
import { RiskDeskService } from '../desk/risk-desk.service';
import { HANDLED_RECEIPTS } from '../risk-service.tokens';

export const RISK_INBOX = riskInboxQueue();

function riskInboxQueue() {
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === 'risk.inbox');
  if (queue === undefined) throw new Error('the messaging topology has no risk.inbox queue');
  return queue;
}

/**
 * The controller that consumes `queue` with the topology's bindings and
 * limits, in batches of `maxBatch`. Another queue name is for tests that run
 * beside a deployment on one broker (a decorator's options are fixed when its
 * class is declared, hence a class per call).
 */
export function riskInboxControllerFor(maxBatch: number, queue: string = RISK_INBOX.name): Type<unknown> {
  @Controller()
  class RiskInboxController {
    constructor(
      @Inject(RiskDeskService) private readonly desk: RiskDeskService,
      @Inject(HANDLED_RECEIPTS) private readonly receipts: HandledReceipts,
    ) {}

    @BusBatch({
      queue,
      bindings: RISK_INBOX.bindings as readonly RoutePattern[],
      queueType: RISK_INBOX.queueType,
      singleActiveConsumer: true,
      maxDeliveries: RISK_INBOX.maxDeliveries,
      maxBatch,
    })
    async onBatch(@Payload() envelopes: readonly Envelope[], @Ctx() context: BusBatchContext): Promise<BatchOutcome> {
      const report = await this.desk.handleBatch(envelopes);
      const rejected = new Map<number, string>();
      for (let index = 0; index < envelopes.length; index++) {
        const outcome = report.outcomes[index];
        // A refused message is owed its receipt too: the replay's barrier waits for every message routed here.
        await this.receipts.send(context.getQueue(), envelopes[index], outcome.produced, outcome.held);
        if (outcome.outcome === 'refused') rejected.set(index, outcome.reason ?? 'refused by the risk desk');
      }
      return { rejected };
    }
  }
  return RiskInboxController;
}
