// `trading bench bus-batch`: what group commit buys a consumer that commits to
// Postgres. A single-active-consumer queue is filled with N market.bar
// envelopes (real EURUSD H1 bars); then a batch consumer drains it, its
// handler committing one transaction per batch with an inbox insert per
// message (`Inbox.processOnce`), once with batches of 1 (one commit, one fsync
// per message, as a per-message consumer does) and once with batches of up to
// --max-batch, side by side in the same run, on the in-process bus or on
// RabbitMQ (quorum queue, persistent messages, AMQP_URL). Each measurement has
// a bus, exchange and queue of its own; the inbox rows are counted afterwards.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { ConfigError, env, loadConfig } from '@trading/config';
import { MessageFactory, patterns, topics, type Envelope } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { barAt, ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus, type MessageBus } from '@trading/messaging';
import { deadLetterExchangeName, deadLetterQueueName, RabbitMqBus, RabbitMqUnavailable } from '@trading/messaging/rabbitmq';
import { Inbox, openScratchDatabase, qualifiedTable, type Database } from '@trading/persistence';
import { connect } from 'amqplib';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';
import { lowerMedian, roundTo } from './bench-stats';

interface BusBatchFlags {
  readonly bus: string;
  readonly database: string;
  readonly url?: string;
  readonly messages: string;
  readonly maxBatch: string;
  readonly rounds: string;
  readonly json?: boolean;
}

/** A bus of one measurement, with what removes its broker-side traces. */
interface BenchBus {
  readonly bus: MessageBus;
  readonly queue: string;
  readonly dispose: () => Promise<void>;
}

interface Drain {
  readonly messagesPerSecond: number;
  readonly batches: number;
  readonly meanBatch: number;
  readonly largestBatch: number;
  readonly ms: number;
  /** Time inside the handler (the transactions); the rest of `ms` is the bus's. */
  readonly handlerMs: number;
}

export function registerBusBatchBench(bench: Command): void {
  bench
    .command('bus-batch')
    .option('--bus <kind>', 'in-process or rabbitmq (the broker at AMQP_URL)', 'in-process')
    .option('--database <kind>', 'postgres (at --url or DATABASE_URL) or embedded', 'postgres')
    .option('--url <url>', 'Postgres URL for --database postgres (default: DATABASE_URL)')
    .option('--messages <count>', 'messages each measurement drains', '5000')
    .option('--max-batch <count>', 'largest batch of the batched measurement (the other has batches of 1)', '100')
    .option('--rounds <count>', 'pairs of measurements; the figures are their lower medians', '1')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: BusBatchFlags) => {
      if (flags.bus !== 'in-process' && flags.bus !== 'rabbitmq') throw new CliError(`--bus: expected in-process or rabbitmq, got "${flags.bus}"`);
      if (flags.database !== 'postgres' && flags.database !== 'embedded') throw new CliError(`--database: expected postgres or embedded, got "${flags.database}"`);
      const messages = wholeNumberFlag(flags.messages, '--messages', 1);
      const maxBatch = wholeNumberFlag(flags.maxBatch, '--max-batch', 1);
      const rounds = wholeNumberFlag(flags.rounds, '--rounds', 1);
      const url = flags.url ?? process.env['DATABASE_URL'];
      if (flags.database === 'postgres' && !url) throw new CliError('DATABASE_URL: required with --database postgres (or pass --url)');
      const amqpUrl = flags.bus === 'rabbitmq' ? brokerUrl() : undefined;
      const work = barEnvelopes(messages);
      const database = await openScratchDatabase({ kind: flags.database, url, poolSize: 2, applicationName: 'trading-bench-bus-batch' });
      try {
        logLine(`bench bus-batch: ${messages} messages, batches of 1 vs up to ${maxBatch}, ${flags.bus} bus, ${flags.database} database, ${rounds} round(s)`);
        const single: Drain[] = [];
        const batched: Drain[] = [];
        let measurement = 0;
        for (let round = 0; round < rounds; round += 1) {
          // Alternate which goes first, so a machine that speeds up or slows down favours neither.
          const order = round % 2 === 0 ? [1, maxBatch] : [maxBatch, 1];
          for (const size of order) {
            const benchBus = amqpUrl === undefined ? inProcessBus(measurement) : await rabbitMqBus(amqpUrl, measurement);
            measurement += 1;
            try {
              const drain = await measureDrain(benchBus, database, work, size);
              (size === 1 ? single : batched).push(drain);
              logLine(`  batches of up to ${size}: ${drain.messagesPerSecond} msg/s (${drain.batches} batches, largest ${drain.largestBatch})`);
            } finally {
              await benchBus.dispose();
            }
          }
        }
        const result = {
          bus: flags.bus,
          database: flags.database,
          messages,
          maxBatch,
          rounds,
          single: summary(single),
          batched: summary(batched),
          speedup: roundTo(lowerMedian(batched.map((drain) => drain.messagesPerSecond)) / lowerMedian(single.map((drain) => drain.messagesPerSecond)), 2),
          node: process.version,
        };
        if (flags.json) printJson(result);
        else {
          printText(`batches of 1:        ${result.single.messagesPerSecond.toLocaleString('en-US')} msg/s`);
          printText(`batches of <= ${maxBatch}: ${result.batched.messagesPerSecond.toLocaleString('en-US')} msg/s (mean batch ${result.batched.meanBatch})`);
          printText(`speedup: ${result.speedup}×`);
        }
      } finally {
        await database.close();
      }
    });
}

/** Fills a queue, then times a batch consumer draining it through one transaction per batch. */
async function measureDrain(benchBus: BenchBus, database: Database, work: readonly Envelope[], maxBatch: number): Promise<Drain> {
  const { bus, queue } = benchBus;
  const spec = { queue, bindings: [patterns.marketBars({ symbol: 'EURUSD' })], singleActiveConsumer: true, maxBatch };
  // Declares the queue (and binds it) without taking anything from it.
  await (await bus.consumeBatches({ ...spec, handler: async () => undefined })).cancel();
  const topic = topics.marketBar('H1', 'EURUSD');
  for (let start = 0; start < work.length; start += 256) {
    await Promise.all(work.slice(start, start + 256).map((envelope) => bus.publish(topic, envelope)));
  }
  const inbox = new Inbox({ clock: new ManualClock(Date.UTC(2024, 0, 1)), schema: database.schema });
  let committed = 0;
  let batches = 0;
  let largestBatch = 0;
  let handlerMs = 0;
  let allCommitted: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allCommitted = resolve));
  const begin = performance.now();
  const handle = await bus.consumeBatches({
    ...spec,
    handler: async (batch) => {
      const started = performance.now();
      await database.dataSource.transaction(async (manager) => {
        for (const message of batch) await inbox.processOnce(manager, queue, message.envelope.id, async () => undefined);
      });
      handlerMs += performance.now() - started;
      committed += batch.length;
      batches += 1;
      largestBatch = Math.max(largestBatch, batch.length);
      if (committed >= work.length) allCommitted();
    },
  });
  await done;
  const ms = performance.now() - begin;
  await handle.cancel();
  const [{ rows }] = (await database.dataSource.query(`SELECT count(*)::int AS rows FROM ${qualifiedTable(database.schema, 'inbox')} WHERE "consumer" = $1`, [queue])) as [
    { rows: number },
  ];
  if (rows !== work.length || committed !== work.length) throw new Error(`${queue}: ${committed} committed, ${rows} inbox rows, expected ${work.length}`);
  return { messagesPerSecond: Math.round(work.length / (ms / 1000)), batches, meanBatch: roundTo(work.length / batches, 1), largestBatch, ms: roundTo(ms, 1), handlerMs: roundTo(handlerMs, 1) };
}

/** The median drain's figures, and every drain. */
function summary(drains: readonly Drain[]): Drain & { readonly runs: readonly Drain[] } {
  const median = lowerMedian(drains.map((drain) => drain.messagesPerSecond));
  return { ...(drains.find((drain) => drain.messagesPerSecond === median) as Drain), runs: drains };
}

/** N market.bar envelopes of the real EURUSD H1 bars (cycled when N is larger), with seeded ids. */
function barEnvelopes(count: number): Envelope[] {
  const columns = importBarFileSync(vendoredData.eurusdH1, { symbol: 'EURUSD', timeframe: 'H1' }).columns;
  const clock = new ManualClock(0);
  const factory = new MessageFactory({ clock, random: new SeededRandom(20240101), producer: 'bench' });
  return Array.from({ length: count }, (_, index) => {
    const bar = barAt(columns, index % columns.length);
    clock.set(bar.time);
    return factory.create('market.bar', bar);
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

function runName(measurement: number): string {
  return `bench-bus-batch-${process.pid}-${process.hrtime.bigint().toString(36)}-${measurement}`;
}

function inProcessBus(measurement: number): BenchBus {
  const bus = new InProcessBus();
  return { bus, queue: `${runName(measurement)}.inbox`, dispose: () => bus.close() };
}

/** RabbitMqBus on an exchange of its own; its queue (quorum) and exchanges are deleted afterwards. */
async function rabbitMqBus(url: string, measurement: number): Promise<BenchBus> {
  const exchange = runName(measurement);
  let bus: RabbitMqBus;
  try {
    bus = await RabbitMqBus.connect({ url, exchange, connectionName: exchange });
  } catch (error) {
    if (error instanceof RabbitMqUnavailable) throw new CliError(`AMQP_URL: ${error.message}`);
    throw error;
  }
  const queue = `${exchange}.inbox`;
  return {
    bus,
    queue,
    dispose: async () => {
      await bus.close();
      const admin = await connect(url);
      try {
        const channel = await admin.createChannel();
        await channel.deleteQueue(queue);
        await channel.deleteQueue(deadLetterQueueName(queue));
        await channel.deleteExchange(exchange);
        await channel.deleteExchange(deadLetterExchangeName(exchange));
      } finally {
        await admin.close();
      }
    },
  };
}
