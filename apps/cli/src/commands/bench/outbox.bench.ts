// `trading bench outbox`: throughput of the transactional outbox on embedded
// PGlite or Postgres: concurrent writers committing one message per
// transaction (each takes its stream's advisory lock), then the relay draining
// the backlog to a bus: by default one that confirms at once (the database's
// share of the cost), with `--bus rabbitmq` the RabbitMqBus adapter publishing
// persistent messages to a quorum queue with publisher confirms (AMQP_URL).
// Messages are real H1 bars of the six 2025 pairs (one stream per pair) wrapped
// in market.bar envelopes.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { ConfigError, env, loadConfig } from '@trading/config';
import { MessageFactory, topics, type Envelope, type Topic } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { barAt, ManualClock, SeededRandom } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import { declareSink, deleteSink, RabbitMqBus, RabbitMqUnavailable } from '@trading/messaging/rabbitmq';
import { openScratchDatabase, Outbox, OutboxRelay } from '@trading/persistence';
import { connect } from 'amqplib';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';
import { roundTo } from './bench-stats';

const PAIRS = ['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'EURGBP'] as const;

interface OutboxBenchFlags {
  readonly database: string;
  readonly url?: string;
  readonly messages: string;
  readonly writers: string;
  readonly streams: string;
  readonly batchSize: string;
  readonly bus: string;
  readonly json?: boolean;
}

/** The bus the relay publishes to, counting what the broker confirmed. */
interface BenchBus {
  readonly bus: Pick<MessageBus, 'publish'>;
  readonly published: () => number;
  readonly close: () => Promise<void>;
}

export function registerOutboxBench(bench: Command): void {
  bench
    .command('outbox')
    .option('--database <kind>', 'embedded or postgres', 'embedded')
    .option('--url <url>', 'Postgres URL for --database postgres (default: DATABASE_URL)')
    .option('--messages <count>', 'messages to write and relay', '5000')
    .option('--writers <count>', 'concurrent writing transactions', '8')
    .option('--streams <count>', 'pairs (stream keys) the messages spread over, 1 to 6', '6')
    .option('--batch-size <count>', 'relay batch size', '200')
    .option('--bus <kind>', 'instant (confirms at once) or rabbitmq (confirms from the broker at AMQP_URL)', 'instant')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: OutboxBenchFlags) => {
      if (flags.database !== 'embedded' && flags.database !== 'postgres') throw new CliError(`--database: expected embedded or postgres, got "${flags.database}"`);
      const messages = wholeNumberFlag(flags.messages, '--messages', 1);
      const writers = wholeNumberFlag(flags.writers, '--writers', 1);
      const streams = wholeNumberFlag(flags.streams, '--streams', 1);
      if (streams > PAIRS.length) throw new CliError(`--streams: expected 1 to ${PAIRS.length}, got "${flags.streams}"`);
      const batchSize = wholeNumberFlag(flags.batchSize, '--batch-size', 1);
      if (flags.bus !== 'instant' && flags.bus !== 'rabbitmq') throw new CliError(`--bus: expected instant or rabbitmq, got "${flags.bus}"`);
      const url = flags.url ?? process.env['DATABASE_URL'];
      if (flags.database === 'postgres' && !url) throw new CliError('--url: required with --database postgres (or set DATABASE_URL)');
      const amqpUrl = flags.bus === 'rabbitmq' ? brokerUrl() : undefined;
      const pairBars = PAIRS.slice(0, streams).map((symbol) => importBarFileSync(vendoredData.fxH1_2025(symbol), { symbol, timeframe: 'H1' }).columns);
      const clock = new ManualClock(Date.UTC(2024, 0, 1));
      const factory = new MessageFactory({ clock, random: new SeededRandom(42), producer: 'bench' });
      const work: Array<{ topic: Topic; envelope: Envelope }> = [];
      for (let index = 0; index < messages; index++) {
        const columns = pairBars[index % streams];
        const bar = barAt(columns, Math.floor(index / streams) % columns.length);
        work.push({ topic: topics.marketBar('H1', bar.symbol), envelope: factory.create('market.bar', bar) });
      }
      const database = await openScratchDatabase({ kind: flags.database, url, poolSize: writers + 2, applicationName: 'trading-bench' });
      let benchBus: BenchBus | undefined;
      try {
        benchBus = amqpUrl === undefined ? instantBus() : await rabbitMqBus(amqpUrl);
        const outbox = new Outbox({ clock, schema: database.schema });
        const relay = new OutboxRelay({ dataSource: database.dataSource, bus: benchBus.bus, clock, schema: database.schema, batchSize });
        logLine(`bench outbox: ${messages} messages, ${writers} writers over ${streams} streams, ${flags.database}, ${flags.bus} bus`);
        let next = 0;
        const writeStart = performance.now();
        await Promise.all(
          Array.from({ length: writers }, async () => {
            while (next < work.length) {
              const item = work[next++];
              await database.dataSource.transaction((manager) => outbox.enqueue(manager, item.topic, item.envelope));
            }
          }),
        );
        const writeMs = performance.now() - writeStart;
        const relayStart = performance.now();
        const relayed = await relay.drain();
        const relayMs = performance.now() - relayStart;
        const published = benchBus.published();
        if (relayed !== messages || published !== messages) throw new Error(`relayed ${relayed}, published ${published}, expected ${messages}`);
        const result = {
          database: flags.database,
          bus: flags.bus,
          messages,
          writers,
          streams,
          batchSize,
          enqueueTransactionsPerSecond: Math.round(messages / (writeMs / 1000)),
          relayMessagesPerSecond: Math.round(messages / (relayMs / 1000)),
          ms: { enqueue: round(writeMs), relay: round(relayMs) },
          node: process.version,
        };
        if (flags.json) printJson(result);
        else
          printText(
            `outbox (${flags.database}): ${messages} messages; enqueue ${result.enqueueTransactionsPerSecond.toLocaleString('en-US')} tx/s ` +
              `with ${writers} writers, relay ${result.relayMessagesPerSecond.toLocaleString('en-US')} messages/s`,
          );
      } finally {
        try {
          await benchBus?.close();
        } finally {
          await database.close();
        }
      }
    });
}

function brokerUrl(): string {
  try {
    return loadConfig({ amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret() }).amqpUrl;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`--bus rabbitmq: ${error.message}`);
    throw error;
  }
}

function instantBus(): BenchBus {
  let published = 0;
  return { bus: { publish: async () => void (published += 1) }, published: () => published, close: async () => undefined };
}

/** RabbitMqBus on an exchange of its own, with a quorum queue bound to everything so every publish is routable. */
async function rabbitMqBus(url: string): Promise<BenchBus> {
  const exchange = `bench-outbox-${process.pid}-${process.hrtime.bigint().toString(36)}`;
  let admin;
  let bus: RabbitMqBus;
  try {
    admin = await connect(url, { noDelay: true });
    bus = await RabbitMqBus.connect({ url, exchange, connectionName: exchange });
  } catch (error) {
    await admin?.close();
    if (error instanceof RabbitMqUnavailable || (error as { code?: string }).code === 'ECONNREFUSED') {
      throw new CliError(`AMQP_URL: cannot reach RabbitMQ (${(error as Error).message})`);
    }
    throw error;
  }
  const channel = await admin.createChannel();
  await declareSink(channel, exchange, 'quorum');
  let published = 0;
  return {
    bus: {
      publish: async (topic, envelope) => {
        await bus.publish(topic, envelope);
        published += 1;
      },
    },
    published: () => published,
    close: async () => {
      try {
        await bus.close();
        await deleteSink(channel, exchange);
      } finally {
        await admin.close();
      }
    },
  };
}

const round = (value: number): number => roundTo(value, 1);
