// `trading bench replay`: the market-data replay (validated bars → market.bar
// and market.quote envelopes → RabbitMqBus with publisher confirms) against a bare amqplib
// publisher sending the very same envelopes, side by side in one run: same
// payloads, persistence, quorum queue, noDelay and confirm window. Rounds
// alternate bare and replay so machine noise hits both alike.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { loadConfig, env } from '@trading/config';
import { MessageFactory, type Envelope, type Topic } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { loadFeedFiles, parseReplaySpeed, replayFeeds, type LoadedFeed } from '@trading/market-data-service';
import type { MessageBus } from '@trading/messaging';
import { declareSink, deleteSink, measureBarePublish, RabbitMqBus, RabbitMqUnavailable } from '@trading/messaging/rabbitmq';
import { connect } from 'amqplib';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { vendoredData } from '../../vendored-data';

const DEFAULT_FILES = [vendoredData.eurusdM1, vendoredData.eurusdM5];

interface ReplayBenchFlags {
  readonly data?: string[];
  readonly window: string;
  readonly rounds: string;
  readonly json?: boolean;
}

export function registerReplayBench(bench: Command): void {
  bench
    .command('replay')
    .option('--data <file...>', 'bar files to replay (default: the vendored EURUSD M1 and M5 files)')
    .option('--window <count>', 'publisher confirm window of both publishers', '256')
    .option('--rounds <count>', 'alternating bare/replay rounds; the median of each is reported', '3')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: ReplayBenchFlags) => {
      const { amqpUrl } = loadConfig({ amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret() });
      const window = positive(flags.window, '--window');
      const rounds = positive(flags.rounds, '--rounds');
      const feeds = await loadFeedFiles(flags.data && flags.data.length > 0 ? flags.data : DEFAULT_FILES);
      const messages = await recordReplay(feeds);
      const bars = messages.filter((message) => message.envelope.type === 'market.bar').length;
      logLine(`bench replay: ${bars} bars and their quotes (${messages.length} messages) from ${feeds.length} file(s), window ${window}, ${rounds} round(s), quorum queue, persistent`);
      const bare: number[] = [];
      const replay: number[] = [];
      const runName = `bench-replay-${process.pid}-${Date.now().toString(36)}`;
      try {
        for (let round = 0; round < rounds; round++) {
          const measured = await measureBarePublish({ url: amqpUrl, messages, runName: `${runName}-${round}`, confirmWindow: window, warmUp: 0 });
          bare.push(measured.messagesPerSecond);
          replay.push(await measureReplay(amqpUrl, feeds, `${runName}-${round}-replay`, window));
          logLine(`  round ${round + 1}: bare ${bare[round]} msg/s, replay ${replay[round]} msg/s`);
        }
      } catch (error) {
        if (error instanceof RabbitMqUnavailable || (error as { code?: string }).code === 'ECONNREFUSED') {
          throw new CliError(`AMQP_URL: cannot reach RabbitMQ (${(error as Error).message})`);
        }
        throw error;
      }
      const result = {
        bars,
        messages: messages.length,
        messagesPerSecond: median(replay),
        bareMessagesPerSecond: median(bare),
        ratio: Math.round((median(replay) / median(bare)) * 1000) / 1000,
        rounds,
        confirmWindow: window,
        queueType: 'quorum',
        persistent: true,
        bytesPerMessage: Math.round(messages.reduce((sum, message) => sum + Buffer.byteLength(JSON.stringify(message.envelope)), 0) / messages.length),
      };
      if (flags.json) printJson(result);
      else printText(`replay ${result.messagesPerSecond} msg/s (${result.bars} bars, each with its quote), bare amqplib ${result.bareMessagesPerSecond} msg/s, ratio ${result.ratio}`);
    });
}

/** The exact envelopes the replay publishes, bars and their quotes (same seed, same clock), for the bare publisher. */
async function recordReplay(feeds: readonly LoadedFeed[]): Promise<{ topic: Topic; envelope: Envelope }[]> {
  const recorded: { topic: Topic; envelope: Envelope }[] = [];
  const recorder: Pick<MessageBus, 'publish'> = {
    publish: async (topic, envelope) => {
      if (envelope.type === 'market.bar' || envelope.type === 'market.quote') recorded.push({ topic, envelope });
    },
  };
  await replayFeeds(feeds.map(withoutFindings), replayDependencies(recorder as MessageBus), { speed: parseReplaySpeed('max') });
  return recorded;
}

async function measureReplay(url: string, feeds: readonly LoadedFeed[], exchange: string, window: number): Promise<number> {
  const admin = await connect(url, { noDelay: true });
  const channel = await admin.createChannel();
  const bus = await RabbitMqBus.connect({ url, exchange, confirmWindow: window, connectionName: exchange });
  try {
    await declareSink(channel, exchange, 'quorum');
    const started = performance.now();
    const result = await replayFeeds(feeds.map(withoutFindings), replayDependencies(bus), { speed: parseReplaySpeed('max'), window });
    const seconds = (performance.now() - started) / 1000;
    const published = [...Object.values(result.barsPublished), ...Object.values(result.quotesPublished)].reduce((sum, count) => sum + count, 0);
    await bus.close();
    await deleteSink(channel, exchange);
    return Math.round(published / seconds);
  } finally {
    await bus.close();
    await admin.close();
  }
}

// Findings are a few hundred messages of another type; the comparison is about bars and quotes.
function withoutFindings(feed: LoadedFeed): LoadedFeed {
  return { ...feed, findings: [] };
}

function replayDependencies(bus: MessageBus) {
  const clock = new ManualClock(0);
  return {
    bus,
    messages: new MessageFactory({ clock, random: new SeededRandom(1), producer: 'market-data' }),
    clock,
    sleep: async () => undefined,
    elapsedMs: () => 0,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

function positive(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}
