// `trading bench risk-service`: decisions per second of the risk service's
// batch unit through a real Postgres (or embedded PGlite): the message
// kernel runs intraday and sma-crossover over the vendored 2025 H1 bars of
// the six pairs, the messages its risk desk handled (bars, signals,
// execution reports, financing) are recorded, then handed to a fresh
// RiskDeskService in batches of 1 and of N, each message through the inbox,
// the desk, the tables, the journal and the outbox in one transaction per
// batch. Decisions per second = signals decided / wall time of the stream.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { type Envelope, MessageFactory, derivedId } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { ManualClock, Money, SeededRandom, instrumentFor } from '@trading/domain';
// The message-by-message driver of the kernel lives in its testing entry; a benchmark is a measuring tool, and
// recording what the kernel's risk desk handled is the only way to get the service real, causally ordered inputs.
// eslint-disable-next-line no-restricted-syntax
import { runMessageKernel } from '@trading/kernel-hosts/testing';
import { openScratchDatabase } from '@trading/persistence';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { RiskDeskService, riskServiceMigrations } from '@trading/risk-service';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { intradayStrategy, resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { vendoredData } from '../../vendored-data';
import { wholeNumberFlag } from '../../whole-number-flag';

const PAIRS = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'] as const;

interface Flags {
  readonly database: string;
  readonly url?: string;
  readonly batch: string;
  readonly json?: boolean;
}

export function registerRiskServiceBench(bench: Command): void {
  bench
    .command('risk-service')
    .option('--database <kind>', 'postgres (DATABASE_URL or --url) or embedded', 'postgres')
    .option('--url <url>', 'Postgres URL (default: DATABASE_URL)')
    .option('--batch <count>', 'the group-commit batch size compared with 1', '64')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: Flags) => {
      if (flags.database !== 'embedded' && flags.database !== 'postgres') throw new CliError(`--database: expected embedded or postgres, got "${flags.database}"`);
      const url = flags.url ?? process.env['DATABASE_URL'];
      if (flags.database === 'postgres' && !url) throw new CliError('--url: required with --database postgres (or set DATABASE_URL)');
      const batch = wholeNumberFlag(flags.batch, '--batch', 1);
      const messages = riskInputs();
      const signals = messages.filter((message) => message.type === 'signal').length;
      logLine(`bench risk-service: ${messages.length} messages (${signals} signals) from the six 2025 H1 pairs, ${flags.database}`);
      const runs = [];
      for (const size of [1, batch]) {
        const database = await openScratchDatabase({ kind: flags.database, url, applicationName: 'trading-bench', migrations: [...riskServiceMigrations] });
        try {
          const clock = new ManualClock(Date.UTC(2026, 0, 1));
          const settings = { instruments: PAIRS.map((symbol) => instrumentFor(symbol)), initialCash: Money.of(10_000, 'USD'), limits: DEFAULT_RISK_LIMITS, fill: DEFAULT_FILL_MODEL };
          const service = await RiskDeskService.open({ dataSource: database.dataSource, schema: database.schema, settings, clock });
          await service.handleBatch([agreeingSnapshot()]);
          const commits: number[] = [];
          const started = performance.now();
          for (let i = 0; i < messages.length; i += size) {
            const t = performance.now();
            await service.handleBatch(messages.slice(i, i + size));
            commits.push(performance.now() - t);
          }
          const seconds = (performance.now() - started) / 1000;
          commits.sort((a, b) => a - b);
          runs.push({
            batch: size,
            seconds: Math.round(seconds * 100) / 100,
            decisionsPerSecond: Math.round(signals / seconds),
            messagesPerSecond: Math.round(messages.length / seconds),
            commitMs: { p50: round(commits[Math.floor(commits.length / 2)]), p99: round(commits[Math.floor(commits.length * 0.99)]) },
          });
        } finally {
          await database.close();
        }
      }
      const result = { database: flags.database, messages: messages.length, signals, runs, node: process.version };
      if (flags.json) printJson(result);
      else printText(runs.map((run) => `batch ${run.batch}: ${run.decisionsPerSecond} decisions/s, ${run.messagesPerSecond} messages/s, commit p50 ${run.commitMs.p50} ms`).join('\n') + '\n');
    });
}

/** What the kernel's risk desk handled over the six pairs, in its handling order. */
function riskInputs(): Envelope[] {
  const feeds = PAIRS.map((symbol) => importBarFileSync(vendoredData.fxH1_2025(symbol), { symbol, timeframe: 'H1' }).columns);
  const messages: Envelope[] = [];
  const strategies = [smaCrossoverStrategy, intradayStrategy].map((definition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) }));
  runMessageKernel({
    feeds,
    strategies,
    policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS }),
    initialCash: Money.of(10_000, 'USD'),
    fill: DEFAULT_FILL_MODEL,
    decisions: { record: () => undefined },
    observe: (subscriber, envelope) => {
      if (subscriber === 'risk') messages.push(envelope);
    },
  });
  return messages;
}

/** A fresh account's snapshot: the service opens its gate on it. */
function agreeingSnapshot(): Envelope {
  const factory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'order-execution' });
  return factory.create('venue.snapshot', { venue: 'paper', currency: 'USD', cash: '10000', takenAt: 0, requestId: null, orders: [], positions: [] }, { id: derivedId('bench-snapshot', 'order-execution/venue.snapshot', 0), occurredAt: 0 });
}

function round(ms: number | undefined): number {
  return ms === undefined ? 0 : Math.round(ms * 100) / 100;
}
