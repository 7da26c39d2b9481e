// The order-execution service over its infrastructure: the handler and its
// restart from the journal, the start snapshot, the outbox relay that sends
// what the handler committed, and the consumer of its queue. The host (`trading
// serve order-execution`, tests) opens the bus and the database and hands them in.
import type { Envelope, MessageFactory } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import type { ConsumerHandle, MessageBus } from '@trading/messaging';
import type { Logger } from '@trading/observability';
import { Inbox, Journal, Outbox, OutboxRelay } from '@trading/persistence';
import type { DataSource } from 'typeorm';
import type { BrokerFactory } from './broker/broker.port';
import { consumeOrders } from './bus/orders.consumer';
import { ExecutionHandler, type HandlingObserver } from './execution.handler';
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
  /** Queue to consume (tests); the topology's by default. */
  readonly queue?: string;
  readonly relayPollIntervalMs?: number;
}

export class OrderExecutionService {
  private consumer: ConsumerHandle | undefined;

  private constructor(
    readonly handler: ExecutionHandler,
    readonly tables: ExecutionTables,
    private readonly relay: OutboxRelay,
    private readonly dependencies: OrderExecutionDependencies,
  ) {}

  /** Rebuilds the venue (refusing a book that does not match its table), announces it, then consumes. */
  static async start(dependencies: OrderExecutionDependencies): Promise<OrderExecutionService> {
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
    const service = new OrderExecutionService(handler, tables, relay, dependencies);
    await handler.announce();
    service.consumer = await consumeOrders(dependencies.bus, (envelope: Envelope) => handler.handle(envelope), { queue: dependencies.queue });
    logger.info('order-execution venue rebuilt and consuming', { venue: dependencies.venue, journalEntries: replayed });
    return service;
  }

  /** Stops consuming (in-flight messages finish), then the relay. */
  async stop(): Promise<void> {
    try {
      await this.consumer?.cancel();
    } finally {
      await this.relay.stop();
    }
    this.dependencies.logger.info('order-execution stopped');
  }
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
