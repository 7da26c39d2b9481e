// `trading serve order-execution`: the service alone, against the servers named
// by AMQP_URL and DATABASE_URL (or their embedded stand-ins when unset), with
// /metrics, /health/live, /health/ready and /orders on HTTP_PORT. With
// LOCKSTEP (or FLOW_RECEIPTS) it sends a flow.handled receipt after every
// handled message.
import { SystemClock } from '@trading/config';
import { MessageFactory, patterns } from '@trading/contracts';
import { Money, SeededRandom, instrumentFor } from '@trading/domain';
import { busReadyCheck, databaseReadyCheck, startServiceObservability } from '@trading/observability';
import { databaseOptionsFromConfig } from '@trading/persistence';
import { busReceipts, NO_RECEIPTS, type Infrastructure, type InfrastructureOpener } from '@trading/runtime';
import { type PaperBrokerOptions, paperBrokerFactory } from '../broker/paper-broker.adapter';
import { type OrderExecutionConfig, loadOrderExecutionConfig } from '../order-execution.config';
import { OrderExecutionMetrics } from '../order-execution.metrics';
import { ORDER_EXECUTION_QUEUE } from '../bus/orders.controller';
import { createOrderExecutionService, type OrderExecutionService } from '../order-execution.service';
import { ordersRoute } from '../orders.route';
import { orderExecutionMigrations } from '../persistence/migrations';

export interface RunningOrderExecution {
  readonly service: OrderExecutionService;
  stop(): Promise<void>;
}

export async function serveOrderExecution(openInfrastructure: InfrastructureOpener, environment = process.env): Promise<RunningOrderExecution> {
  const config = loadOrderExecutionConfig(environment);
  const paper = paperSettings(config);
  const receipts = config.lockstep || config.receipts;
  const wallClock = new SystemClock();
  const observability = await startServiceObservability({ service: config.service, level: config.logLevel, port: config.httpPort });
  const { logger } = observability;
  let started = false;
  observability.health.register('started', () => started);
  let infra: Infrastructure;
  try {
    infra = await openInfrastructure({
      service: config.service,
      amqpUrl: config.amqpUrl,
      database: { ...databaseOptionsFromConfig(config.database, config.service), migrations: [...orderExecutionMigrations] },
      random: new SeededRandom(config.seed ^ 0x5eed),
      logger,
      // A receipt nobody takes (no replay is tapping the bus) is dropped: the message it
      // names is committed, and must not be redelivered into the dead letters for it.
      mayBeUnroutable: receipts ? [patterns.flowHandled()] : [],
    });
  } catch (error) {
    await observability.close();
    throw error;
  }
  observability.health.register('bus', busReadyCheck(infra.bus));
  observability.health.register('database', databaseReadyCheck(infra.database.dataSource));
  const factory = new MessageFactory({ clock: wallClock, random: new SeededRandom(config.seed), producer: config.service });
  let service: OrderExecutionService;
  try {
    service = await createOrderExecutionService({
      dataSource: infra.database.dataSource,
      schema: infra.database.schema,
      bus: infra.bus,
      newBroker: paperBrokerFactory(paper),
      venue: config.broker,
      consumer: config.service,
      factory,
      wallClock,
      logger,
      metrics: new OrderExecutionMetrics(observability.metrics, wallClock),
      receipts: receipts ? busReceipts(infra.bus, factory) : NO_RECEIPTS,
      maxBatch: config.maxBatch,
    });
  } catch (error) {
    await infra.close().catch(() => undefined);
    await observability.close();
    throw error;
  }
  observability.routes.register('/orders', ordersRoute(service.tables, infra.database.dataSource));
  // Ready only while the transport consumes the queue (a stopped service has no consumer left).
  observability.health.register('consumer', () => {
    if (!service.consumers().some((consumer) => consumer.queue === ORDER_EXECUTION_QUEUE.name)) throw new Error(`not consuming ${ORDER_EXECUTION_QUEUE.name}`);
  });
  started = true;
  logger.info('order-execution started', { infrastructure: infra.modes, broker: config.broker, symbols: config.paper.symbols, timeframe: paper.timeframe, fill: paper.fill, maxBatch: config.maxBatch, lockstep: config.lockstep });

  let stopping: Promise<void> | undefined;
  return {
    service,
    stop: () => {
      stopping ??= (async () => {
        try {
          await service.stop();
        } finally {
          try {
            await infra.close();
          } finally {
            await observability.close();
          }
        }
      })();
      return stopping;
    },
  };
}

/** The paper venue's settings from the configuration (PAPER_*): what the service hands the broker. */
export function paperSettings(config: OrderExecutionConfig): PaperBrokerOptions {
  const paper = config.paper;
  return {
    instruments: paper.symbols.map((symbol) => instrumentFor(symbol)),
    fill: { timing: 'next-open', spread: paper.spread, slippage: paper.slippage, commission: paper.commission, swap: paper.swap },
    initialCash: Money.of(paper.cash, paper.currency),
    timeframe: paper.timeframe,
    producer: config.service,
  };
}
