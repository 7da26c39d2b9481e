// How the service handles its messages: a batch of them IN ORDER in ONE
// transaction (group commit), each through the same steps: the inbox mark
// (an id handled before, in an earlier batch or earlier in this one, is
// skipped), the venue call (its reports collected instead of sent), the
// service's tables, the outbox rows (sent by the relay after the commit) and
// the journal entry that lets a restart handle it again. Batches run one at a
// time in call order: the venue is a state machine.
// A message the service cannot take (a type it does not handle, a flow.end
// for a venue without replays) is refused before the venue is touched, so it
// is reported by index and the others commit. The venue's memory moves before
// the commit; when the transaction fails it no longer matches what was
// committed, so it is rebuilt from the journal before the next batch (the
// failed one comes back by redelivery). A refusal the venue itself throws
// after it moved is such a failure.
import { type Envelope, type MessageEnvelope, type MessageFactory, type Topic, derivedId, topics } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import { RejectMessage } from '@trading/messaging';
import { withCorrelation } from '@trading/observability';
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
  /**
   * `duplicate`: the inbox had the message already, so nothing was done again;
   * `rejected`: refused before the venue saw it (dead-letter it with `reason`).
   */
  readonly outcome: InboxOutcome | 'rejected';
  /** Why a rejected message is refused. */
  readonly reason?: string;
  /** The envelopes its handling put in the outbox, in outbox order (none for a duplicate or a refusal). */
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

  /**
   * Handles one delivered message (a batch of one); resolves after the commit
   * with what it committed, or throws RejectMessage when it is refused.
   */
  async handle(envelope: Envelope): Promise<HandledMessage> {
    const [handled] = await this.handleBatch([envelope]);
    if (handled.outcome === 'rejected') throw new RejectMessage(handled.reason ?? `order-execution refused ${envelope.type} message ${envelope.id}`);
    return handled;
  }

  /** Handles `envelopes` in order in ONE transaction (batches one after another); resolves after the commit with each message's outcome, by index. */
  handleBatch(envelopes: readonly Envelope[]): Promise<readonly HandledMessage[]> {
    const run = this.queue.then(() => this.runBatch(envelopes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Publishes a venue.snapshot (through the outbox) that no request asked for: at start. */
  announce(): Promise<void> {
    const run = this.queue.then(async () => void (await this.options.dataSource.transaction((manager) => this.publishSnapshot(manager, null))));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runBatch(envelopes: readonly Envelope[]): Promise<readonly HandledMessage[]> {
    if (this.stale) await this.recover();
    const receivedAt = this.options.wallClock.now();
    const o = this.options;
    let handled: HandledMessage[] = [];
    let observations: Array<() => void> = [];
    let reported = false;
    /** Whether the venue may have moved (a snapshot request only reads it). */
    let touched = false;
    try {
      await o.dataSource.transaction(async (manager) => {
        handled = [];
        observations = [];
        const journaled: Envelope[] = [];
        const refusals = envelopes.map((envelope) => this.refusal(envelope));
        // The inbox marks of the batch in one statement: an id handled before, or earlier in this batch, is a duplicate.
        const taken = envelopes.filter((_, index) => refusals[index] === undefined);
        const seen = await o.inbox.recordAll(manager, o.consumer, taken.map((envelope) => envelope.id));
        let next = 0;
        for (let index = 0; index < envelopes.length; index++) {
          const envelope = envelopes[index];
          const reason = refusals[index];
          if (reason !== undefined) {
            handled.push({ outcome: 'rejected', reason, produced: [] });
            continue;
          }
          if (seen[next++] === 'duplicate') {
            handled.push({ outcome: 'duplicate', produced: [] });
            observations.push(() => withCorrelation(envelope.correlationId, () => o.observer?.duplicateMessage?.(envelope)));
            continue;
          }
          touched ||= envelope.type !== 'venue.snapshot-request';
          const { produced, outputs, observe, changed } = await this.step(manager, envelope);
          if (changed) journaled.push(envelope);
          handled.push({ outcome: 'processed', produced });
          if (observe !== undefined) observations.push(() => withCorrelation(envelope.correlationId, observe));
          if (outputs.length > 0) {
            reported = true;
            observations.push(() => o.observer?.reported?.(outputs, receivedAt));
          }
        }
        await o.journal.appendAll(manager, o.consumer, journaled);
      });
    } catch (error) {
      // The venue may have moved for a transaction that did not commit.
      if (touched) this.stale = true;
      this.collected = null;
      throw error;
    }
    // Committed: an observer's failure must neither fail the batch (it would be redelivered as duplicates) nor mark the venue stale.
    try {
      for (const observe of observations) observe();
      if (reported) await this.observeWorking();
    } catch {
      // Metrics and logs are best effort.
    }
    return handled;
  }

  /** Why `envelope` is refused for good, decided before the venue sees it; undefined when it is taken. */
  private refusal(envelope: Envelope): string | undefined {
    if (envelope.type === 'flow.end' && this.broker.endOfReplay === undefined) return `the ${this.broker.venue} venue does not close out at the end of a replay (flow.end is for the paper venue)`;
    if (!HANDLED_TYPES.has(envelope.type)) return `order-execution does not handle ${envelope.type} messages (it takes order.submit, order.cancel, market.bar, flow.end and venue.snapshot-request)`;
    return undefined;
  }

  /** One message through the venue, the tables and the outbox, in the batch's transaction. */
  private async step(manager: EntityManager, envelope: Envelope): Promise<Step> {
    const o = this.options;
    const produced: Envelope[] = [];
    if (envelope.type === 'venue.snapshot-request') {
      produced.push(await this.publishSnapshot(manager, envelope));
      return { produced, outputs: [], changed: false };
    }
    const outputs: BrokerOutput[] = [];
    this.collected = outputs;
    let changed = true;
    let observe: (() => void) | undefined;
    const submit = envelope.type === 'order.submit' ? (envelope as MessageEnvelope<'order.submit'>) : undefined;
    try {
      if (submit !== undefined) {
        const result = await this.broker.submit(submit);
        observe = () => o.observer?.submitted?.(submit.payload, result, rejection(outputs, submit.payload.clientOrderId));
      } else if (envelope.type === 'order.cancel') {
        const cancel = envelope as MessageEnvelope<'order.cancel'>;
        const result = await this.broker.cancel(cancel);
        observe = () => o.observer?.cancelled?.(cancel.payload, result);
      } else if (envelope.type === 'market.bar') {
        changed = await this.broker.onBar(envelope as MessageEnvelope<'market.bar'>);
      } else {
        // flow.end: refusal() let it through only for a venue that closes out at the end of a replay.
        const endOfReplay = this.broker.endOfReplay;
        if (endOfReplay === undefined) throw new Error(`the ${this.broker.venue} venue lost its end of replay while handling ${envelope.id}`);
        changed = await endOfReplay.call(this.broker, envelope as MessageEnvelope<'flow.end'>);
      }
    } finally {
      this.collected = null;
    }
    for (const output of outputs) {
      if (output.type === 'execution.report') await o.tables.record(manager, output, submit?.payload);
      await o.outbox.enqueue(manager, topicOf(output), output);
      produced.push(output);
    }
    return { produced, outputs, observe, changed };
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

/** What one message's handling did inside the batch's transaction. */
interface Step {
  readonly produced: Envelope[];
  readonly outputs: readonly BrokerOutput[];
  /** Told to the observer once the batch committed. */
  readonly observe?: () => void;
  /** Whether the venue moved, so a restart must handle the message again (journaled). */
  readonly changed: boolean;
}

const HANDLED_TYPES: ReadonlySet<string> = new Set(['order.submit', 'order.cancel', 'market.bar', 'flow.end', 'venue.snapshot-request']);

function topicOf(output: BrokerOutput): Topic {
  if (output.type === 'execution.report') return topics.executionReport(output.payload.symbol);
  if (output.type === 'account.financing') return topics.accountFinancing(output.payload.symbol);
  return topics.accountMarginCall();
}

function rejection(outputs: readonly BrokerOutput[], clientOrderId: string): string | undefined {
  for (const output of outputs) if (output.type === 'execution.report' && output.payload.clientOrderId === clientOrderId && output.payload.status === 'rejected') return output.payload.reason;
  return undefined;
}
