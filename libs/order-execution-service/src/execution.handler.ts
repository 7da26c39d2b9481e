// How the service handles one message, all of it in ONE transaction: the
// inbox mark, the venue call (its reports collected instead of sent), the
// service's tables, the outbox rows (sent by the relay after the commit) and
// the journal entry that lets a restart handle it again. Messages are handled
// one at a time, in the order they arrive: the venue is a state machine.
// The venue's memory moves before the commit; when the transaction fails it
// no longer matches what was committed, so it is rebuilt from the journal
// before the next message (the failed one comes back by redelivery).
import { type Envelope, type MessageEnvelope, type MessageFactory, type Topic, derivedId, topics } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import { RejectMessage } from '@trading/messaging';
import type { Inbox, InboxOutcome, Journal, Outbox } from '@trading/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { BrokerOutput, BrokerPort, CancelOutcome, SubmitOutcome } from './broker/broker.port';
import type { ExecutionTables } from './persistence/execution-tables';
import { rebuildVenue } from './venue-recovery';

/** What the handler tells its observer (metrics, logs) after a commit. */
export interface HandlingObserver {
  submitted?(order: MessageEnvelope<'order.submit'>['payload'], outcome: SubmitOutcome, reason: string | undefined): void;
  cancelled?(cancel: MessageEnvelope<'order.cancel'>['payload'], outcome: CancelOutcome): void;
  reported?(outputs: readonly BrokerOutput[], receivedAt: number): void;
  duplicateMessage?(envelope: Envelope): void;
  workingOrders?(count: number): void;
}

/** What the handling of one message committed. */
export interface HandledMessage {
  /** `duplicate`: the inbox had the message already, so nothing was done again. */
  readonly outcome: InboxOutcome;
  /** The envelopes its transaction put in the outbox, in outbox order (none for a duplicate). */
  readonly produced: readonly Envelope[];
}

export interface ExecutionHandlerOptions {
  readonly dataSource: DataSource;
  /** Inbox and journal consumer name (the service name). */
  readonly consumer: string;
  readonly newBroker: (listener: (topic: Topic, output: BrokerOutput) => void) => BrokerPort;
  readonly inbox: Inbox;
  readonly outbox: Outbox;
  readonly journal: Journal;
  readonly tables: ExecutionTables;
  /** Makes venue.snapshot envelopes (ids of the start snapshot from its clock and seeded source). */
  readonly factory: MessageFactory;
  /** Wall clock for latency only; market time comes from the messages. */
  readonly wallClock: Clock;
  readonly observer?: HandlingObserver;
}

export class ExecutionHandler {
  private broker!: BrokerPort;
  /** Where the broker's outputs go while a message is handled. */
  private collected: BrokerOutput[] | null = null;
  private stale = true;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ExecutionHandlerOptions) {}

  /** Rebuilds the venue from the journal and checks it against the orders table (throws naming the difference). */
  async recover(): Promise<{ replayed: number }> {
    const { broker, replayed } = await rebuildVenue(this.options, (topic, output) => this.collect(topic, output));
    this.broker = broker;
    this.stale = false;
    await this.observeWorking();
    return { replayed };
  }

  /** Handles one delivered message (serially, in call order); resolves after the commit with what it committed. */
  handle(envelope: Envelope): Promise<HandledMessage> {
    const run = this.queue.then(() => this.handleNow(envelope));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Publishes a venue.snapshot (through the outbox) that no request asked for: at start. */
  announce(): Promise<void> {
    const run = this.queue.then(async () => void (await this.options.dataSource.transaction((manager) => this.publishSnapshot(manager, null))));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handleNow(envelope: Envelope): Promise<HandledMessage> {
    if (this.stale) await this.recover();
    const receivedAt = this.options.wallClock.now();
    const o = this.options;
    let outputs: BrokerOutput[] = [];
    /** What the transaction enqueued in the outbox: told to the caller once it committed (lockstep receipts). */
    const produced: Envelope[] = [];
    let outcome: InboxOutcome;
    let after: (() => void) | undefined;
    try {
      outcome = await o.dataSource.transaction(async (manager) =>
        o.inbox.processOnce(manager, o.consumer, envelope.id, async () => {
          if (envelope.type === 'venue.snapshot-request') {
            produced.push(await this.publishSnapshot(manager, envelope));
            return;
          }
          this.collected = outputs = [];
          let changed = true;
          const submit = envelope.type === 'order.submit' ? (envelope as MessageEnvelope<'order.submit'>) : undefined;
          if (submit !== undefined) {
            const result = await this.broker.submit(submit);
            after = () => o.observer?.submitted?.(submit.payload, result, rejection(outputs, submit.payload.clientOrderId));
          } else if (envelope.type === 'order.cancel') {
            const cancel = envelope as MessageEnvelope<'order.cancel'>;
            const result = await this.broker.cancel(cancel);
            after = () => o.observer?.cancelled?.(cancel.payload, result);
          } else if (envelope.type === 'market.bar') {
            changed = await this.broker.onBar(envelope as MessageEnvelope<'market.bar'>);
          } else if (envelope.type === 'flow.end') {
            if (this.broker.endOfReplay === undefined) throw new RejectMessage(`the ${this.broker.venue} venue does not close out at the end of a replay (flow.end is for the paper venue)`);
            changed = await this.broker.endOfReplay(envelope as MessageEnvelope<'flow.end'>);
          } else {
            throw new RejectMessage(`order-execution does not handle ${envelope.type} messages (it takes order.submit, order.cancel, market.bar, flow.end and venue.snapshot-request)`);
          }
          this.collected = null;
          for (const output of outputs) {
            if (output.type === 'execution.report') await o.tables.record(manager, output, submit?.payload);
            await o.outbox.enqueue(manager, topicOf(output), output);
            produced.push(output);
          }
          if (changed) await o.journal.append(manager, o.consumer, envelope);
        }),
      );
      if (outcome === 'duplicate') o.observer?.duplicateMessage?.(envelope);
    } catch (error) {
      // The venue may have moved for a transaction that did not commit.
      if (envelope.type !== 'venue.snapshot-request') this.stale = true;
      this.collected = null;
      throw error;
    }
    after?.();
    if (outputs.length > 0) {
      o.observer?.reported?.(outputs, receivedAt);
      await this.observeWorking();
    }
    return { outcome, produced };
  }

  private collect(topic: Topic, output: BrokerOutput): void {
    // Outputs outside a handled message (a real broker's stream) have no transaction to join yet.
    if (this.collected === null) throw new Error(`the ${this.broker.venue} venue reported ${output.type} on ${topic} outside a handled message`);
    this.collected.push(output);
  }

  private async publishSnapshot(manager: EntityManager, request: Envelope | null): Promise<Envelope> {
    const view = await this.broker.snapshot();
    const payload = { venue: this.broker.venue, requestId: request?.id ?? null, ...view };
    const envelope =
      request === null
        ? this.options.factory.create('venue.snapshot', payload, { occurredAt: view.takenAt })
        : this.options.factory.create('venue.snapshot', payload, { id: derivedId(request.id, 'order-execution/venue.snapshot', view.takenAt), occurredAt: view.takenAt, causedBy: request });
    await this.options.outbox.enqueue(manager, topics.venueSnapshot(), envelope);
    return envelope;
  }

  private async observeWorking(): Promise<void> {
    if (this.options.observer?.workingOrders === undefined) return;
    this.options.observer.workingOrders((await this.broker.snapshot()).orders.length);
  }
}

function topicOf(output: BrokerOutput): Topic {
  if (output.type === 'execution.report') return topics.executionReport(output.payload.symbol);
  if (output.type === 'account.financing') return topics.accountFinancing(output.payload.symbol);
  return topics.accountMarginCall();
}

function rejection(outputs: readonly BrokerOutput[], clientOrderId: string): string | undefined {
  for (const output of outputs) if (output.type === 'execution.report' && output.payload.clientOrderId === clientOrderId && output.payload.status === 'rejected') return output.payload.reason;
  return undefined;
}
