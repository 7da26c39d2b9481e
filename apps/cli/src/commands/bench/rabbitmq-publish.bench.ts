// `trading bench rabbitmq-publish`: publish throughput to a real RabbitMQ of a
// bare amqplib ConfirmChannel loop and of RabbitMqBus.publish(), with the same
// real EURUSD M1 bars as market.bar envelopes, the same confirm window, queue
// type and persistence. Prints both rates and their ratio (goal ≥ 0.5).
import type { Command } from 'commander';
import { MessageFactory, topics, type Envelope, type Topic } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { barAt, ManualClock, SeededRandom } from '@trading/domain';
import { comparePublishThroughput, RabbitMqUnavailable, type QueueType } from '@trading/messaging/rabbitmq';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';


const LOCAL_AMQP = 'amqp://guest:guest@127.0.0.1:5672';

interface RabbitMqPublishFlags {
  readonly url?: string;
  readonly file: string;
  readonly messages: string;
  readonly window: string;
  readonly queueType: string;
  readonly transient?: boolean;
  readonly json?: boolean;
}

export function registerRabbitMqPublishBench(bench: Command): void {
  bench
    .command('rabbitmq-publish')
    // Not a commander default: --help prints defaults, and AMQP_URL may hold a password.
    .option('--url <amqp-url>', `RabbitMQ to publish to (default: AMQP_URL, else ${LOCAL_AMQP})`)
    .option('--file <path>', 'bar file whose bars become market.bar envelopes', vendoredData.eurusdM1)
    .option('--messages <count>', 'messages per run (at most the bars in the file)', '20000')
    .option('--window <count>', 'publisher confirm window (messages awaiting a confirm)', '256')
    .option('--queue-type <type>', 'quorum or classic', 'quorum')
    .option('--transient', 'publish non-persistent messages (default: persistent)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: RabbitMqPublishFlags) => {
      const url = flags.url ?? process.env['AMQP_URL'] ?? LOCAL_AMQP;
      const count = wholeNumberFlag(flags.messages, '--messages', 1);
      const confirmWindow = wholeNumberFlag(flags.window, '--window', 1);
      if (flags.queueType !== 'quorum' && flags.queueType !== 'classic') throw new CliError(`--queue-type: expected quorum or classic, got "${flags.queueType}"`);
      const queueType: QueueType = flags.queueType;
      const messages = loadMessages(flags.file, count);
      logLine(`bench rabbitmq-publish: ${messages.length} market.bar messages, window ${confirmWindow}, ${queueType} queue, ${flags.transient ? 'transient' : 'persistent'}`);
      const runName = `bench-publish-${process.pid}-${process.hrtime.bigint().toString(36)}`;
      let result;
      try {
        result = await comparePublishThroughput({ url, messages, runName, confirmWindow, queueType, persistent: !flags.transient });
      } catch (error) {
        if (error instanceof RabbitMqUnavailable) throw new CliError(`--url: ${error.message}`);
        const code = (error as { code?: string }).code;
        if (code === 'ECONNREFUSED') throw new CliError(`--url: cannot connect to RabbitMQ at ${url.replace(/\/\/[^@/]*@/, '//')}`);
        throw error;
      }
      if (flags.json) printJson(result);
      else {
        printText(`bare amqplib: ${result.bare.messagesPerSecond} msg/s (${result.bare.bytesPerMessage} bytes/msg)`);
        printText(`RabbitMqBus:  ${result.adapter.messagesPerSecond} msg/s`);
        printText(`ratio adapter/bare: ${result.ratio}`);
      }
    });
}

function loadMessages(file: string, count: number): { topic: Topic; envelope: Envelope }[] {
  let columns;
  try {
    columns = importBarFileSync(file, { symbol: 'EURUSD', timeframe: 'M1' }).columns;
  } catch (error) {
    throw new CliError(`--file: cannot import ${file}: ${(error as Error).message}`);
  }
  if (count > columns.length) throw new CliError(`--messages: ${count} is more than the ${columns.length} bars in ${file}`);
  const clock = new ManualClock(0);
  const factory = new MessageFactory({ clock, random: new SeededRandom(20220104), producer: 'bench' });
  const topic = topics.marketBar('M1', 'EURUSD');
  const messages: { topic: Topic; envelope: Envelope }[] = [];
  for (let i = 0; i < count; i++) {
    const bar = barAt(columns, i);
    clock.set(bar.time);
    messages.push({ topic, envelope: factory.create('market.bar', bar) });
  }
  return messages;
}

