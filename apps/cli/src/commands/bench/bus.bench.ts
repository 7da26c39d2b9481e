// `trading bench bus`: throughput of the message path the embedded run uses.
// Real EURUSD H1 bars become market.bar envelopes (seeded ids, bar-time clock),
// then (1) each is encoded and decoded+validated as a RabbitMQ consumer would,
// and (2) all are pushed through the in-process bus to several queues (as the
// strategies subscribe) with the publisher awaiting each publish. Reported as
// messages per second and nanoseconds per message.
import type { Command } from 'commander';
import { decodeEnvelope, encodeEnvelope, MessageFactory, patterns, topics, type MessageEnvelope } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { barAt, ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';


interface BusBenchFlags {
  readonly file: string;
  readonly passes: string;
  readonly queues: string;
  readonly prefetch: string;
  readonly json?: boolean;
}

export function registerBusBench(bench: Command): void {
  bench
    .command('bus')
    .option('--file <path>', 'MT5 bar export to replay', vendoredData.eurusdH1)
    .option('--passes <count>', 'times the whole file is replayed through the bus', '5')
    .option('--queues <count>', 'queues bound to the bars (each receives every bar)', '3')
    .option('--prefetch <count>', 'prefetch of each consumer', '16')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: BusBenchFlags) => {
      const passes = wholeNumberFlag(flags.passes, '--passes', 1);
      const queueCount = wholeNumberFlag(flags.queues, '--queues', 1);
      const prefetch = wholeNumberFlag(flags.prefetch, '--prefetch', 1);
      const envelopes = loadEnvelopes(flags.file);
      logLine(`bench bus: ${envelopes.length} bars × ${passes} passes, ${queueCount} queues, prefetch ${prefetch}`);

      const codec = measureCodec(envelopes, passes);
      const bus = await measureBus(envelopes, passes, queueCount, prefetch);
      const result = { bars: envelopes.length, passes, queues: queueCount, prefetch, codec, bus };
      if (flags.json) printJson(result);
      else {
        printText(`decode+validate: ${codec.messagesPerSecond} msg/s (${codec.nanosPerMessage} ns/msg, ${codec.bytesPerMessage} bytes)`);
        printText(`in-process bus: ${bus.publishesPerSecond} publishes/s, ${bus.deliveriesPerSecond} deliveries/s (${bus.nanosPerDelivery} ns/delivery)`);
      }
    });
}

function loadEnvelopes(file: string): MessageEnvelope<'market.bar'>[] {
  let columns;
  try {
    columns = importBarFileSync(file, { symbol: 'EURUSD', timeframe: 'H1' }).columns;
  } catch (error) {
    throw new CliError(`--file: cannot import ${file}: ${(error as Error).message}`);
  }
  const clock = new ManualClock(0);
  const factory = new MessageFactory({ clock, random: new SeededRandom(20220701), producer: 'bench' });
  const envelopes: MessageEnvelope<'market.bar'>[] = [];
  for (let i = 0; i < columns.length; i += 1) {
    const bar = barAt(columns, i);
    clock.set(bar.time);
    envelopes.push(factory.create('market.bar', bar));
  }
  return envelopes;
}

function measureCodec(envelopes: readonly MessageEnvelope<'market.bar'>[], passes: number): { messagesPerSecond: number; nanosPerMessage: number; bytesPerMessage: number } {
  const wire = envelopes.map(encodeEnvelope);
  // Warm-up pass, untimed.
  for (const text of wire) decodeEnvelope(text);
  let failures = 0;
  const begin = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass += 1) {
    for (const text of wire) if (!decodeEnvelope(text, { routingKey: 'market.bar.H1.EURUSD' }).ok) failures += 1;
  }
  const nanos = Number(process.hrtime.bigint() - begin);
  if (failures > 0) throw new Error(`${failures} bar envelopes failed validation`);
  const count = wire.length * passes;
  const bytes = wire.reduce((sum, text) => sum + text.length, 0) / wire.length;
  return { messagesPerSecond: Math.round((count * 1e9) / nanos), nanosPerMessage: Math.round(nanos / count), bytesPerMessage: Math.round(bytes) };
}

async function measureBus(
  envelopes: readonly MessageEnvelope<'market.bar'>[],
  passes: number,
  queueCount: number,
  prefetch: number,
): Promise<{ publishesPerSecond: number; deliveriesPerSecond: number; nanosPerDelivery: number }> {
  const bus = new InProcessBus();
  const expected = envelopes.length * passes * queueCount;
  let delivered = 0;
  let finish: () => void = () => undefined;
  const allDelivered = new Promise<void>((resolveAll) => {
    finish = resolveAll;
  });
  for (let q = 0; q < queueCount; q += 1) {
    await bus.consume({
      queue: `bench.bars.${q}`,
      bindings: [patterns.marketBars({ symbol: 'EURUSD' })],
      prefetch,
      handler: async () => {
        delivered += 1;
        if (delivered === expected) finish();
      },
    });
  }
  const topic = topics.marketBar('H1', 'EURUSD');
  const begin = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass += 1) {
    for (const envelope of envelopes) await bus.publish(topic, envelope);
  }
  await allDelivered;
  const nanos = Number(process.hrtime.bigint() - begin);
  await bus.close();
  const published = envelopes.length * passes;
  return {
    publishesPerSecond: Math.round((published * 1e9) / nanos),
    deliveriesPerSecond: Math.round((expected * 1e9) / nanos),
    nanosPerDelivery: Math.round(nanos / expected),
  };
}

