// The service as its hosts compose it (createOrderExecutionService: the bus
// microservice over the handler), on a test database and a bus the test owns,
// with a broker that can be made to fail on chosen orders.
import { Writable } from 'node:stream';
import { type Envelope, MessageFactory, type Topic, topics } from '@trading/contracts';
import { ManualClock, Money, SeededRandom, instrumentFor } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import { createLogger, type Logger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import type { HandledReceipts } from '@trading/runtime';
import type { FillModel } from '@trading/simulated-venue';
import type { BrokerPort } from '../broker/broker.port';
import { paperBrokerFactory } from '../broker/paper-broker.adapter';
import { createOrderExecutionService, type OrderExecutionService } from '../order-execution.service';

export interface ServiceHarnessOptions {
  readonly fill: FillModel;
  readonly receipts?: HandledReceipts;
  readonly queue?: string;
  /** Wraps each paper broker the service builds (a fault on chosen orders). */
  readonly wrapBroker?: (paper: BrokerPort) => BrokerPort;
}

export function silentLogger(): Logger {
  return createLogger({ service: 'order-execution', level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
}

/** Starts the service on `database` and `bus`: the venue rebuilt from the journal, the start snapshot sent, the queue consumed. */
export function serviceOn(database: Database, bus: MessageBus, options: ServiceHarnessOptions): Promise<OrderExecutionService> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const paper = paperBrokerFactory({ instruments: [instrumentFor('EURUSD')], fill: options.fill, initialCash: Money.of(10_000, 'USD'), timeframe: 'H1' });
  const wrap = options.wrapBroker ?? ((broker: BrokerPort) => broker);
  return createOrderExecutionService({
    dataSource: database.dataSource,
    schema: database.schema,
    bus,
    newBroker: (listener) => wrap(paper(listener)),
    venue: 'paper',
    consumer: 'order-execution',
    factory: new MessageFactory({ clock, random: new SeededRandom(1), producer: 'order-execution' }),
    wallClock: clock,
    logger: silentLogger(),
    receipts: options.receipts,
    queue: options.queue,
    relayPollIntervalMs: 100,
  });
}

/** The topic an input of the service is published on (as risk and market-data publish them). */
export function inputTopic(envelope: Envelope): Topic {
  const { symbol, timeframe } = envelope.payload as { symbol?: string; timeframe?: 'H1' };
  if (envelope.type === 'market.bar') return topics.marketBar(timeframe ?? 'H1', symbol ?? '');
  if (envelope.type === 'order.submit') return topics.orderSubmit(symbol ?? '');
  if (envelope.type === 'order.cancel') return topics.orderCancel(symbol ?? '');
  if (envelope.type === 'venue.snapshot-request') return topics.venueSnapshotRequest();
  throw new Error(`order-execution takes no ${envelope.type} messages`);
}
