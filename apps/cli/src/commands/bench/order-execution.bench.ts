// `trading bench order-execution`: bars per second of the order-execution
// service's handler through a real Postgres (or embedded PGlite): the first
// --bars bars of the vendored EURUSD H1 history as market-data publishes them,
// with a market order as risk sends it every 100 bars (alternately buy and
// sell: positions open, close and report), handed to a fresh ExecutionHandler
// on the paper venue in batches of 1 and of N, each message through the
// inbox, the venue, the tables, the outbox and the journal in one transaction
// per batch (group commit). Bars per second = bars / wall time of the stream.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { type Envelope, MessageFactory, barId, clientOrderIdFor, derivedId } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { type BarColumns, ManualClock, Money, SeededRandom, instrumentFor, timeframeMs } from '@trading/domain';
import { ExecutionHandler, ExecutionTables, PaperBroker, orderExecutionMigrations } from '@trading/order-execution-service';
import { type Database, Inbox, Journal, Outbox, openScratchDatabase } from '@trading/persistence';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { vendoredData } from '../../vendored-data';
import { wholeNumberFlag } from '../../whole-number-flag';

const ORDER_EVERY = 100;

interface Flags {
  readonly database: string;
  readonly url?: string;
  readonly bars: string;
  readonly batch: string;
  readonly json?: boolean;
}

export function registerOrderExecutionBench(bench: Command): void {
  bench
    .command('order-execution')
    .option('--database <kind>', 'postgres (DATABASE_URL or --url) or embedded', 'postgres')
    .option('--url <url>', 'Postgres URL (default: DATABASE_URL)')
    .option('--bars <count>', 'EURUSD H1 bars to stream, from the start of the vendored history', '5000')
    .option('--batch <count>', 'the group-commit batch size compared with 1', '64')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: Flags) => {
      if (flags.database !== 'embedded' && flags.database !== 'postgres') throw new CliError(`--database: expected embedded or postgres, got "${flags.database}"`);
      const url = flags.url ?? process.env['DATABASE_URL'];
      if (flags.database === 'postgres' && !url) throw new CliError('--url: required with --database postgres (or set DATABASE_URL)');
      const batch = wholeNumberFlag(flags.batch, '--batch', 1);
      const wanted = wholeNumberFlag(flags.bars, '--bars', 1);
      const columns = importBarFileSync(vendoredData.eurusdH1, { symbol: 'EURUSD', timeframe: 'H1' }).columns;
      if (columns.time.length < wanted) throw new CliError(`--bars: the vendored EURUSD H1 history has ${columns.time.length} bars, fewer than ${wanted}`);
      const messages = orderExecutionInputs(columns, wanted);
      logLine(`bench order-execution: ${wanted} EURUSD H1 bars and ${messages.length - wanted} market orders, paper venue, ${flags.database}`);
      const runs = [];
      for (const size of [1, batch]) {
        const database = await openScratchDatabase({ kind: flags.database, url, applicationName: 'trading-bench', migrations: [...orderExecutionMigrations] });
        try {
          const handler = handlerOn(database);
          await handler.recover();
          const commits: number[] = [];
          let reports = 0;
          const started = performance.now();
          for (let i = 0; i < messages.length; i += size) {
            const t = performance.now();
            const handled = await handler.handleBatch(messages.slice(i, i + size));
            commits.push(performance.now() - t);
            for (const message of handled) reports += message.produced.length;
          }
          const seconds = (performance.now() - started) / 1000;
          commits.sort((a, b) => a - b);
          runs.push({
            batch: size,
            seconds: Math.round(seconds * 100) / 100,
            barsPerSecond: Math.round(wanted / seconds),
            messagesPerSecond: Math.round(messages.length / seconds),
            reports,
            commitMs: { p50: round(commits[Math.floor(commits.length / 2)]), p99: round(commits[Math.floor(commits.length * 0.99)]) },
          });
        } finally {
          await database.close();
        }
      }
      const result = { database: flags.database, bars: wanted, messages: messages.length, runs, node: process.version };
      if (flags.json) printJson(result);
      else printText(runs.map((run) => `batch ${run.batch}: ${run.barsPerSecond} bars/s, ${run.messagesPerSecond} messages/s, ${run.reports} reports, commit p50 ${run.commitMs.p50} ms`).join('\n') + '\n');
    });
}

/** A handler as the service builds it, on the paper venue with the default fill model. */
function handlerOn({ dataSource, schema }: Database): ExecutionHandler {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const instruments = [instrumentFor('EURUSD')];
  return new ExecutionHandler({
    dataSource,
    consumer: 'order-execution',
    newBroker: (listener) => new PaperBroker({ instruments, fill: DEFAULT_FILL_MODEL, initialCash: Money.of(10_000, 'USD'), timeframe: 'H1' }, listener),
    inbox: new Inbox({ clock, schema }),
    outbox: new Outbox({ clock, schema }),
    journal: new Journal({ clock, schema }),
    tables: new ExecutionTables(schema, 'paper'),
    factory: new MessageFactory({ clock, random: new SeededRandom(1), producer: 'order-execution' }),
    wallClock: clock,
  });
}

/** The first `count` bars as market.bar envelopes, a market order after every 100th. */
function orderExecutionInputs(b: BarColumns, count: number): Envelope[] {
  const marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'market-data' });
  const risk = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(2), producer: 'risk' });
  const step = timeframeMs(b.timeframe);
  const messages: Envelope[] = [];
  for (let i = 0; i < count; i++) {
    const close = b.time[i] + step;
    const payload = { symbol: b.symbol, timeframe: b.timeframe, time: b.time[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i], spread: b.spread[i] };
    messages.push(marketData.create('market.bar', payload, { id: barId(b.symbol, b.timeframe, b.time[i], close), occurredAt: close }));
    if (i % ORDER_EVERY !== ORDER_EVERY - 1) continue;
    const n = (i + 1) / ORDER_EVERY;
    const decisionId = derivedId(`bench:${n}`, 'risk/risk.decision', close);
    const order = {
      clientOrderId: clientOrderIdFor(decisionId),
      decisionId,
      symbol: b.symbol,
      side: n % 2 === 1 ? ('buy' as const) : ('sell' as const),
      size: '0.1',
      orderType: 'market' as const,
      timeInForce: 'GTC' as const,
      reduceOnly: false,
      strategy: 'bench',
      reason: `bench order ${n}`,
    };
    messages.push(risk.create('order.submit', order, { id: derivedId(`bench:${n}`, 'risk/order.submit', close), occurredAt: close }));
  }
  return messages;
}

function round(ms: number | undefined): number {
  return ms === undefined ? 0 : Math.round(ms * 100) / 100;
}
