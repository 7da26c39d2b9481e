// The order-execution service over its infrastructure: the handler and its
// restart from the journal, the start snapshot, the outbox relay that sends
// what the handler committed, and the bus microservice whose controller feeds
// the handler its queue. The hosts (`trading serve order-execution`, its app,
// `trading run`, tests) open the bus and the database and hand them in.
import type { INestMicroservice } from '@nestjs/common';
import type { MessageFactory } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import { busConsumersOf, createBusMicroservice, type BusConsumer } from '@trading/messaging/nest';
import type { Logger } from '@trading/observability';
import { Inbox, Journal, Outbox, OutboxRelay } from '@trading/persistence';
import { NO_RECEIPTS, type HandledReceipts } from '@trading/runtime';
import type { DataSource } from 'typeorm';
import type { BrokerFactory } from './broker/broker.port';
import { ExecutionHandler, type HandlingObserver } from './execution.handler';
import { OrderExecutionModule } from './order-execution.module';
import { ExecutionTables } from './persistence/execution-tables';

export interface OrderExecutionDependencies {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly bus: MessageBus;
  readonly newBroker: BrokerFactory;
  /** Venue name in the tables (`paper`, `ig`). */
  readonly venue: string;
  /** Inbox and journal consumer name. */
  readonly consumer: string;
  readonly factory: MessageFactory;
  readonly wallClock: Clock;
  readonly logger: Logger;
  readonly metrics?: HandlingObserver;
  /**
   * Sent after each handled message commits, naming the envelopes it put in
   * the outbox (a lockstep replay's barrier waits for them); none by default.
   */
  readonly receipts?: HandledReceipts;
  /** Messages per batch, one transaction each (ORDER_EXECUTION_MAX_BATCH); 64 by default. */
  readonly maxBatch?: number;
  /** Queue to consume (tests); the topology's by default. */
  readonly queue?: string;
  readonly relayPollIntervalMs?: number;
}

/** Messages per batch when the host names no ORDER_EXECUTION_MAX_BATCH. */
export const DEFAULT_MAX_BATCH = 64;

export class OrderExecutionService {
  private stopping: Promise<void> | undefined;

  constructor(
    readonly handler: ExecutionHandler,
    readonly tables: ExecutionTables,
    readonly app: INestMicroservice,
    private readonly relay: OutboxRelay,
    private readonly logger: Logger,
  ) {}

  /** The consumers the bus transport registered (queue, bindings, handler), for health pages and tests; none once stopped. */
  consumers(): readonly BusConsumer[] {
    return busConsumersOf(this.app);
  }

  /** Stops consuming (the batch in hand finishes and is acked), then the relay; the bus stays its owner's. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.app.close();
      } finally {
        await this.relay.stop();
      }
      this.logger.info('order-execution stopped');
    })();
    return this.stopping;
  }
}

/**
 * The service's composition: rebuilds the venue (refusing a book that does not
 * match its table), starts the relay, announces the venue, then boots the bus
 * microservice that consumes its queue.
 */
export async function createOrderExecutionService(dependencies: OrderExecutionDependencies): Promise<OrderExecutionService> {
  const { dataSource, schema, wallClock: clock, logger } = dependencies;
  const tables = new ExecutionTables(schema, dependencies.venue);
  const handler = new ExecutionHandler({
    dataSource,
    consumer: dependencies.consumer,
    newBroker: dependencies.newBroker,
    inbox: new Inbox({ clock, schema }),
    outbox: new Outbox({ clock, schema }),
    journal: new Journal({ clock, schema }),
    tables,
    factory: dependencies.factory,
    wallClock: clock,
    observer: observers(loggingObserver(logger), dependencies.metrics),
  });
  const { replayed } = await handler.recover();
  const relay = new OutboxRelay({
    dataSource,
    bus: dependencies.bus,
    clock,
    schema,
    pollIntervalMs: dependencies.relayPollIntervalMs,
    onError: (error, failures) => logger.warn('outbox relay round failed', { error: String(error), failures }),
    onRejected: (sequence, topic, reason) => logger.error('the broker refused an outbox message', { sequence: String(sequence), topic, reason }),
  });
  relay.start();
  let app: INestMicroservice;
  try {
    await handler.announce();
    const module = OrderExecutionModule.forRoot({ bus: dependencies.bus, handler, receipts: dependencies.receipts ?? NO_RECEIPTS, maxBatch: dependencies.maxBatch ?? DEFAULT_MAX_BATCH, queue: dependencies.queue });
    // The caller owns the bus and closes it after this service stopped (the relay publishes on it until then).
    app = await createBusMicroservice(module, { bus: dependencies.bus, logger });
  } catch (error) {
    await relay.stop();
    throw error;
  }
  logger.info('order-execution venue rebuilt and consuming', { venue: dependencies.venue, journalEntries: replayed });
  return new OrderExecutionService(handler, tables, app, relay, logger);
}

function loggingObserver(logger: Logger): HandlingObserver {
  return {
    submitted: (order, outcome, reason) => {
      if (outcome === 'rejected') logger.warn('order rejected', { clientOrderId: order.clientOrderId, symbol: order.symbol, reason });
      else if (outcome === 'duplicate') logger.warn('order ignored: its client order id was taken before', { clientOrderId: order.clientOrderId, symbol: order.symbol });
      else logger.info('order accepted', { clientOrderId: order.clientOrderId, symbol: order.symbol, orderType: order.orderType, side: order.side, size: order.size });
    },
    cancelled: (cancel, outcome) => {
      if (outcome === 'cancelled') logger.info('order cancelled', { clientOrderId: cancel.clientOrderId });
      else logger.warn(outcome === 'unknown' ? 'cancel of an order the venue never had' : 'cancel of an order no longer working', { clientOrderId: cancel.clientOrderId, requestedBy: cancel.requestedBy });
    },
    duplicateMessage: (envelope) => logger.info('message delivered again: already handled', { messageId: envelope.id, type: envelope.type }),
  };
}

function observers(...list: Array<HandlingObserver | undefined>): HandlingObserver {
  const present = list.filter((observer): observer is HandlingObserver => observer !== undefined);
  return {
    submitted: (...args) => present.forEach((observer) => observer.submitted?.(...args)),
    cancelled: (...args) => present.forEach((observer) => observer.cancelled?.(...args)),
    reported: (...args) => present.forEach((observer) => observer.reported?.(...args)),
    duplicateMessage: (...args) => present.forEach((observer) => observer.duplicateMessage?.(...args)),
    workingOrders: (...args) => present.forEach((observer) => observer.workingOrders?.(...args)),
  };
}
