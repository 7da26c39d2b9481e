// The service on the real Postgres and RabbitMQ: a test producer sends what
// the message kernel's risk desk handled over real H1 bars (bars, signals,
// the venue's reports, financing) through the bus; the service takes them in
// batches and its decisions and orders come back through the outbox and the
// bus, equal to the kernel's. A set-limits whose document is wrong is
// dead-lettered with the field named, and audited as refused.
import { type Envelope, type RoutePattern, type Topic, topics } from '@trading/contracts';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';
import { RISK_INBOX } from './bus/risk-inbox.controller';
import { riskServiceMigrations } from './migrations';
import { createRiskService, type RiskService } from './risk.service';
import { kernelInputs } from './testing/kernel-inputs.fixture';
import { agreeingSnapshot, command, decisionLines, silentLogger, wallClock } from './testing/risk-service.harness';

jest.setTimeout(300_000);

const STARTUP_EVENTS = new Set(['exposure-gate', 'reconcile']);

async function until(probe: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = process.hrtime.bigint() + 120_000_000_000n;
  while (!(await probe())) {
    if (process.hrtime.bigint() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The topic each input is published on, as its producer publishes it. */
function topicOf(envelope: Envelope): Topic {
  const payload = envelope.payload as { symbol: string; strategy: string; timeframe: 'H1' };
  switch (envelope.type) {
    case 'market.bar':
      return topics.marketBar(payload.timeframe, payload.symbol);
    case 'signal':
      return topics.signal(payload.strategy, payload.symbol);
    case 'execution.report':
      return topics.executionReport(payload.symbol);
    case 'account.financing':
      return topics.accountFinancing(payload.symbol);
    case 'account.margin-call':
      return topics.accountMarginCall();
    case 'risk.command':
      return topics.riskCommand();
    case 'venue.snapshot':
      return topics.venueSnapshot();
    case 'flow.end':
      return topics.flowEnd();
    default:
      throw new Error(`risk takes no ${envelope.type} from this spec`);
  }
}

describeWithServers(['postgres', 'rabbitmq'], 'risk on RabbitMQ and Postgres', () => {
  const run = `t-risk-${process.pid}-${process.hrtime.bigint().toString(36)}`;
  const queue = `${run}.risk-inbox`;
  let database: Database;
  let bus: RabbitMqBus;
  let service: RiskService | undefined;

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), migrations: [...riskServiceMigrations] });
    bus = await RabbitMqBus.connect({ url: testServerUrl('rabbitmq'), exchange: run, connectionName: run, logger: { warn: () => undefined } });
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await database?.close();
    const connection = await connect(testServerUrl('rabbitmq'));
    try {
      const channel = await connection.createChannel();
      for (const name of [queue, `${queue}.dlq`]) await channel.deleteQueue(name);
      await channel.deleteExchange(run);
      await channel.deleteExchange(`${run}.dlx`);
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('decides the kernel inputs sent over the bus in batches as the kernel did, and dead-letters a bad set-limits naming the field', async () => {
    const inputs = kernelInputs(['EURUSD', 'GBPUSD'], 600);
    const orders: string[] = [];
    const decisions: Envelope[] = [];
    await bus.consume({
      queue: `${run}.outputs`,
      bindings: ['order.submit.*', 'risk.decision.*'] as RoutePattern[],
      temporary: true,
      handler: async ({ envelope }) => {
        if (envelope.type === 'order.submit') orders.push(envelope.id);
        else decisions.push(envelope);
      },
    });
    service = await createRiskService({
      dataSource: database.dataSource,
      schema: database.schema,
      bus,
      settings: { desk: inputs.settings, maxBatch: 64, lockstep: false },
      wallClock,
      logger: silentLogger(),
      queue,
      relayPollIntervalMs: 50,
    });
    expect(service.consumers()).toEqual([{ queue, bindings: RISK_INBOX.bindings, kind: 'batch', handler: 'RiskInboxController.onBatch' }]);
    expect(service.reconciled).toBe(false);

    const snapshot = agreeingSnapshot(service.desk, 'start');
    for (const envelope of [snapshot, ...inputs.messages]) await bus.publish(topicOf(envelope), envelope);
    await until(() => orders.length >= inputs.orderIds.length, `${inputs.orderIds.length} orders`);
    expect(service.reconciled).toBe(true);
    expect(orders).toEqual(inputs.orderIds);
    const signals = inputs.messages.filter((message) => message.type === 'signal');
    await until(() => decisions.length >= signals.length, `${signals.length} decisions`);
    // The outbox keeps order within a stream (a decision's topic is its symbol), not across streams: under load a
    // publish retried for one symbol lets the other's decisions overtake it. So: every signal decided, each symbol in order.
    const signalIdsOf = (envelopes: Envelope[], symbol: string) =>
      envelopes.filter((envelope) => (envelope.payload as { symbol: string }).symbol === symbol).map((envelope) => (envelope.payload as { signalId?: string }).signalId ?? envelope.id);
    for (const symbol of ['EURUSD', 'GBPUSD']) expect(signalIdsOf(decisions, symbol)).toEqual(signalIdsOf(signals, symbol));
    expect(signalIdsOf(decisions, 'EURUSD').length + signalIdsOf(decisions, 'GBPUSD').length).toBe(signals.length);
    expect(decisions).toHaveLength(signals.length);
    const lines = async () => (await decisionLines(database)).filter((line) => !STARTUP_EVENTS.has(JSON.parse(line).event));
    // The end of the data's close-out comes after the last order: wait for its batch to commit.
    await until(async () => (await lines()).length >= inputs.lines.length, `${inputs.lines.length} decision-log lines`);
    expect(await lines()).toEqual(inputs.lines);

    const bad = command({ action: 'set-limits', requestedBy: 'alice', reason: 'tighter', limits: '{"maxOpenPositions": 0}' }, service.desk.desk.host.now(), 'int-bad');
    await bus.publish(topics.riskCommand(), bad);
    const letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await until(async () => {
      letters.push(...(await bus.takeDeadLetters(queue)));
      return letters.length >= 1;
    }, 'the dead letter');
    expect(letters).toHaveLength(1);
    expect((JSON.parse(letters[0].body) as Envelope).id).toBe(bad.id);
    expect(letters[0].reason).toContain('limits: maxOpenPositions: must be >= 1');
    const audit: Array<{ outcome: string; detail: string }> = await database.dataSource.query(`SELECT "outcome", "detail" FROM "${database.schema}"."risk_commands" WHERE "command_id" = $1`, [bad.id]);
    expect(audit).toEqual([{ outcome: 'refused', detail: 'limits: maxOpenPositions: must be >= 1' }]);
  });
});
