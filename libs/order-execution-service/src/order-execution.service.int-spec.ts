// The service on the real Postgres and RabbitMQ: a test producer sends orders
// and bars of the vendored EURUSD H1 file through the bus, reads the reports
// back from the bus and finds what the handler spec found on embedded Postgres.
import { type Envelope, type RoutePattern, type Topic, topics } from '@trading/contracts';
import { ManualClock, Money, SeededRandom, instrumentFor } from '@trading/domain';
import { MessageFactory } from '@trading/contracts';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import { createLogger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { describeWithServers, readSharedBars, sharedData, testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';
import { Writable } from 'node:stream';
import { paperBrokerFactory } from './broker/paper-broker.adapter';
import { createOrderExecutionService, type OrderExecutionService } from './order-execution.service';
import { orderExecutionMigrations } from './persistence/migrations';
import { CONTRACT_FILL_MODEL, CONTRACT_STREAM_REPORTS, ContractMessages, contractStream, reportSummary } from './testing';

jest.setTimeout(120_000);

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = process.hrtime.bigint() + 60_000_000_000n;
  while (!probe()) {
    if (process.hrtime.bigint() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeWithServers(['postgres', 'rabbitmq'], 'order-execution on RabbitMQ and Postgres', () => {
  const run = `t-exec-${process.pid}-${process.hrtime.bigint().toString(36)}`;
  let database: Database;
  let bus: RabbitMqBus;
  let service: OrderExecutionService | undefined;

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), migrations: [...orderExecutionMigrations] });
    bus = await RabbitMqBus.connect({ url: testServerUrl('rabbitmq'), exchange: run, connectionName: run, logger: { warn: () => undefined } });
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await database?.close();
    const connection = await connect(testServerUrl('rabbitmq'));
    try {
      const channel = await connection.createChannel();
      for (const queue of [`${run}.orders`, `${run}.orders.dlq`]) await channel.deleteQueue(queue);
      await channel.deleteExchange(run);
      await channel.deleteExchange(`${run}.dlx`);
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('takes orders and bars from the bus and sends back the reports, in order, and a start snapshot', async () => {
    const received: Envelope[] = [];
    await bus.consume({
      queue: `${run}.reports`,
      bindings: ['execution.report.*', 'venue.snapshot'] as RoutePattern[],
      temporary: true,
      handler: async (message) => {
        received.push(message.envelope);
      },
    });
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const silent = createLogger({ service: 'order-execution', level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    service = await createOrderExecutionService({
      dataSource: database.dataSource,
      schema: database.schema,
      bus,
      newBroker: paperBrokerFactory({ instruments: [instrumentFor('EURUSD')], fill: CONTRACT_FILL_MODEL, initialCash: Money.of(10_000, 'USD'), timeframe: 'H1' }),
      venue: 'paper',
      consumer: 'order-execution',
      factory: new MessageFactory({ clock, random: new SeededRandom(1), producer: 'order-execution' }),
      wallClock: clock,
      logger: silent,
      queue: `${run}.orders`,
      relayPollIntervalMs: 100,
    });
    expect(service.consumers()).toEqual([
      { queue: `${run}.orders`, bindings: ['order.submit.*', 'order.cancel.*', 'market.bar.*.*', 'venue.snapshot-request', 'flow.end'], kind: 'batch', handler: 'OrdersController.onBatch' },
    ]);
    await until(() => received.some((e) => e.type === 'venue.snapshot'), 'the start snapshot');
    expect(received[0].payload).toMatchObject({ venue: 'paper', requestId: null, orders: [], positions: [], cash: '10000' });

    const m = new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));
    for (const envelope of contractStream(m)) {
      const payload = envelope.payload as { symbol: string; timeframe?: 'H1' };
      const topic: Topic =
        envelope.type === 'market.bar' ? topics.marketBar('H1', payload.symbol) : envelope.type === 'order.submit' ? topics.orderSubmit(payload.symbol) : topics.orderCancel(payload.symbol);
      await bus.publish(topic, envelope);
    }
    const reports = () => received.filter((e) => e.type === 'execution.report');
    await until(() => reports().length >= CONTRACT_STREAM_REPORTS.length, `${CONTRACT_STREAM_REPORTS.length} reports`);
    expect(reports().map(reportSummary)).toEqual(CONTRACT_STREAM_REPORTS);
    const rows: Array<{ n: number }> = await database.dataSource.query(`SELECT count(*)::int AS n FROM "${database.schema}"."execution_fills"`);
    expect(rows[0].n).toBe(6);
  });
});
