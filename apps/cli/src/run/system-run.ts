// The whole system in one process (`trading run`): opens the infrastructure
// (embedded or real servers, from the environment), boots market-data and the
// trading chain behind it (order-execution, risk, the strategy services),
// replays the bar files through them, and reports what flowed. Every service
// sends a receipt for each message it handles, so the run follows every chain
// of messages to its end (./trading-chain, @trading/runtime's lockstep): with
// --lockstep the next bar waits for the last one's chain, and the run closes
// out at the end as the backtest does. With --live there is no replay:
// market-data follows the files and series (./live-run), the strategies warm
// up from the history it stored, and the run trades until interrupted.
// Decorator metadata for NestJS, before any decorated class loads.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SystemClock } from '@trading/config';
import { MessageFactory } from '@trading/contracts';
import { FINDING_KINDS, type FindingCounts, realSleeper } from '@trading/data-sources';
import { type BarColumns, instrumentFor, ManualClock, MemoryDecisionSink, SeededRandom } from '@trading/domain';
import { RiskDesk, RiskEnginePolicy } from '@trading/risk-engine';
import { codeVersion } from '../code-version';
import {
  createBarCache,
  createLatestQuotes,
  createMarketDataApp,
  type PreparedLiveMode,
  describeReplaySpeed,
  type LoadedFeed,
  MARKET_DATA_MAY_BE_UNROUTABLE,
  marketDataMigrations,
  MarketDataMetrics,
  MarketDataService,
  OhlcvBarRepository,
} from '@trading/market-data-service';
import { createLogger, ServiceMetrics, type Logger } from '@trading/observability';
import { writeFileSync } from 'node:fs';
import { canonicalFeeds, runHeader } from '@trading/backtest';
import { patterns, parseRoutePattern } from '@trading/contracts';
import { endOfReplay, ScheduledCommands } from '@trading/kernel-hosts';
import { databaseOptionsFromConfig } from '@trading/persistence';
import type { InfrastructureModes } from '@trading/runtime';
import { busReceipts, LockstepCoordinator, openInfrastructure } from '@trading/runtime';
import { ChainMonitor, type StrategyTally } from './chain-monitor';
import { replaySeries } from './chain-plan';
import { type Coordinator, RunFailure } from './run-failure';
import { FlowMonitor } from './flow-monitor';
import { followLive, startLiveFollowing } from './live-following';
import type { RunEnvironment, RunOptions } from './run-options';
import { claimRunSchemas, type RunSchemas } from './run-schemas';
import { RunInfrastructure } from './service-infrastructure';
import { startServiceProcesses } from './service-processes';
import { chainConsumers, declareChainQueues, startTradingChain, type ChainStart, type TradingChain } from './trading-chain';

export interface SymbolSummary {
  read: number;
  rejected: number;
  published: number;
  consumed: number;
  findings: number;
  stored: number;
}

export interface PortfolioSummary {
  /** Cash plus open positions at their last prices, account currency (2 decimals). */
  readonly equity: string;
  /** The account's cash (balance) at the end: after the close-out with --lockstep. */
  readonly finalEquity: string;
  readonly openPositions: number;
  readonly state: string;
}

export interface RunSummary {
  readonly runId: string;
  readonly infrastructure: InfrastructureModes;
  readonly speed: string;
  readonly seed: number;
  readonly files: readonly string[];
  readonly symbols: Record<string, SymbolSummary>;
  readonly findings: FindingCounts;
  readonly outOfOrder: number;
  readonly durationMs: number;
  readonly barsPerSecond: number;
  readonly aborted: boolean;
  readonly lockstep: boolean;
  readonly strategies: Record<string, StrategyTally>;
  readonly portfolio: PortfolioSummary;
  /** Lines written to --decisions. */
  readonly decisions?: number;
}

export interface RunHooks {
  /** Called about once a second while bars flow (progress display). */
  readonly progress?: (consumed: number, expected: number) => void;
  /** Resolves when the run should stop (a signal) if it does not stop at the end of the replay. */
  readonly stopRequested: Promise<void>;
  readonly signal: AbortSignal;
  /** The replay ended and the system keeps running (without --until-end): its summary so far. */
  readonly replayFinished?: (summary: RunSummary) => void;
}

/** Boots the system on the infrastructure `environment` names, stores and replays `loadedFeeds` (settings and files checked by the caller). */
export async function runSystem(options: RunOptions, environment: RunEnvironment, loadedFeeds: readonly LoadedFeed[], hooks: RunHooks, logger?: Logger): Promise<RunSummary> {
  const log = logger ?? createLogger({ service: 'trading-run', level: environment.logLevel, stream: process.stderr });
  const runId = randomUUID();
  const wallClock = new SystemClock();
  const marketClock = new ManualClock(0);
  const random = new SeededRandom(options.seed);
  const started = performance.now();

  const infra = await openInfrastructure({
    service: 'market-data',
    amqpUrl: environment.amqpUrl,
    redisUrl: environment.redisUrl,
    database: { ...databaseOptionsFromConfig(environment.database, 'trading-run'), migrations: [...marketDataMigrations] },
    random: new SeededRandom(options.seed ^ 0x5eed),
    logger: log,
    mayBeUnroutable: [...MARKET_DATA_MAY_BE_UNROUTABLE, patterns.flowHandled()],
  });
  const monitor = new FlowMonitor(`run-${runId}.monitor`);
  const chainMonitor = new ChainMonitor();
  let app: Awaited<ReturnType<typeof createMarketDataApp>> | undefined;
  let live: PreparedLiveMode | undefined;
  let chain: TradingChain | undefined;
  let barrier: Coordinator | undefined;
  // Tripped by a child of --processes that dies: the run's waits fail at once.
  const failure = new RunFailure();
  let tap: { cancel(): Promise<void> } | undefined;
  let schemas: RunSchemas | undefined;
  try {
    // On Postgres: this run's schema prefix, locked while it lives; ended runs' schemas are dropped.
    schemas = await claimRunSchemas(infra.database, log);
    await monitor.start(infra.bus);
    tap = await infra.bus.consume({ queue: `run-${runId}.chain`, bindings: [parseRoutePattern('#')], prefetch: 1024, temporary: true, handler: async ({ envelope }) => chainMonitor.record(envelope) });
    // Before any service starts: the barrier must see every message the chain sends, from the venue's first snapshot on.
    const replayMessages = (producer: string) => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(options.seed), producer });
    const coordinator = await LockstepCoordinator.start({
      bus: infra.bus,
      consumers: chainConsumers(options.runs),
      queue: `run-${runId}.barrier`,
      factory: replayMessages('trading-run'),
      // The strategies together (risk holds and sorts their signals), then risk.
      releaseOrder: [chainConsumers(options.runs).map((consumer) => consumer.queue).filter((queue) => queue.startsWith('strategy-')), 'risk.inbox'],
    });
    barrier = failure.guardCoordinator(coordinator);
    const metrics = new MarketDataMetrics(new ServiceMetrics({ service: 'market-data', defaultMetrics: false }), wallClock);
    // One cache for the service and live mode: what a live commit clears is what the strategies' warm-up reads.
    const cache = createBarCache(infra.redis, wallClock, 'market-data', log);
    app = await createMarketDataApp({
      bus: infra.bus,
      messages: new MessageFactory({ clock: marketClock, random, producer: 'market-data' }),
      marketClock,
      store: new OhlcvBarRepository(infra.database.dataSource, { schema: infra.database.schema }),
      cache,
      latestQuotes: createLatestQuotes(infra.redis, wallClock, 'market-data'),
      metrics,
      wallClock,
      logger: log.child({ service: 'market-data' }),
      // Abortable, so a stop during a long accelerated wait (a weekend gap) is prompt.
      sleep: realSleeper,
      monotonicMs: () => performance.now(),
    });
    const marketData = app.get(MarketDataService);

    const feeds = await marketData.ingestFeeds(loadedFeeds);
    let columns: BarColumns[] = feeds.map((feed) => feed.columns);
    let { series, drives } = replaySeries(columns);
    let start: ChainStart = { kind: 'cold' };
    // Declared before market-data publishes anything (a live first poll does): what it publishes waits for its consumers.
    await declareChainQueues(infra.bus, options.runs);
    if (options.live) {
      const following = await startLiveFollowing({
        files: options.files,
        live: options.live,
        seed: options.seed,
        bus: infra.bus,
        database: infra.database,
        cache,
        marketData,
        metrics,
        wallClock,
        logger: log.child({ service: 'market-data' }),
      });
      ({ series, columns, drives, start } = following);
      live = following.mode;
    }
    const chainSettings = {
      series,
      drives,
      start,
      runs: options.runs,
      limits: options.limits,
      fill: options.fill,
      cash: options.cash,
      seed: options.seed,
      receipts: (bus: Parameters<typeof busReceipts>[0], producer: string) => busReceipts(bus, replayMessages(producer)),
      lockstep: options.lockstep,
    };
    chain = options.processes
      ? await startServiceProcesses({ environment, settings: chainSettings, database: infra.database, tag: schemas.tag, logger: log, failure })
      : await startTradingChain(new RunInfrastructure(environment, infra.bus, options.seed, log, schemas.tag), chainSettings, log, wallClock);
    // Fail-closed start: risk takes no exposure until its book agrees with the venue's snapshot.
    // (In lockstep risk holds the venue's answer like everything else until released.)
    if (options.lockstep) await barrier.step(0, async () => []);
    else await barrier.quiesce();
    if (!(await chain.reconciled())) throw new Error('risk did not reconcile its book with the venue snapshot at start');
    // Risk's start-up audit (its gate, the reconciliation) stays in its table; the run's log is the replay's.
    const startLines = (await chain.decisionLines()).length;
    if (live) log.info('live run started', { strategies: options.runs.map((run) => run.definition.name), series: series.map(({ symbol, timeframe }) => `${symbol} ${timeframe}`) });
    else log.info('replay started', { strategies: options.runs.map((run) => run.definition.name), lockstep: options.lockstep, bars: columns.reduce((sum, bars) => sum + bars.length, 0) });
    // The first bar back from the bus: the chain is flowing (a paced replay may take a while to get there).
    monitor.onceBarsConsumed(1, () => log.info('bars flowing'));
    const symbols: Record<string, SymbolSummary> = {};
    const findings = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as FindingCounts;
    for (const { symbol } of live ? series : []) symbols[symbol] ??= { read: 0, rejected: 0, published: 0, consumed: 0, findings: 0, stored: 0 };
    for (const feed of feeds) {
      const entry = (symbols[feed.columns.symbol] ??= { read: 0, rejected: 0, published: 0, consumed: 0, findings: 0, stored: 0 });
      entry.read += feed.import.report.bars;
      entry.rejected += feed.import.report.dropped + feed.import.report.rejected;
      entry.findings += feed.findings.length;
      entry.stored += feed.stored;
      for (const kind of FINDING_KINDS) findings[kind] += feed.import.report.counts[kind];
    }

    const totalPublished = (): number => Object.values(symbols).reduce((sum, entry) => sum + entry.published, 0);
    const consumedBars = (): number => monitor.symbols().reduce((sum, symbol) => sum + monitor.flow(symbol).barsConsumed, 0);
    let publishedSoFar = 0;
    const expectedBars = feeds.reduce((sum, feed) => sum + feed.columns.length, 0);
    const ticker = hooks.progress ? setInterval(() => hooks.progress?.(consumedBars(), expectedBars), 1000) : undefined;
    let result;
    try {
      const commands = new ScheduledCommands(options.events, options.seed);
      const sendCommands = async (time: number): Promise<void> => {
        for (const command of commands.dueBy(time)) {
          const send = async () => {
            await infra.bus.publish(command.topic as never, command.envelope);
            return [command.envelope.id];
          };
          if (options.lockstep) await (barrier as Coordinator).step(command.envelope.occurredAt, send);
          else await send();
        }
      };
      // Without lockstep, a bar goes out once every service has taken the one LEAD_BARS before it:
      // as fast as the slowest service keeps up, never more than a few bars behind the feed.
      // An accelerated replay keeps market time's pace on its own.
      const paced = options.speed.kind !== 'accelerated';
      const inFlight: (readonly string[])[] = [];
      const step = async (closeTime: number, publish: () => Promise<readonly string[]>): Promise<void> => {
        // Scheduled commands go out before the first bar that closes after them, whatever the pace.
        await sendCommands(closeTime - 1);
        if (options.lockstep) return (barrier as Coordinator).step(closeTime, publish);
        if (paced && inFlight.length >= LEAD_BARS) await (barrier as Coordinator).handled(inFlight.shift() as readonly string[]);
        const ids = await publish();
        if (paced) inFlight.push(ids);
      };
      result = live
        ? await followLive(live, hooks.stopRequested)
        : await marketData.replay(feeds, options.speed, hooks.signal, options.lockstep || paced || options.events.length > 0 ? step : undefined);
      if (!result.aborted) {
        await sendCommands(Number.POSITIVE_INFINITY);
        if (options.lockstep) {
          // The end of the data: the venue closes out at each symbol's last bar, risk books it and settles.
          const end = endOfReplay(columns, options.seed);
          await barrier.step(end.envelope.occurredAt, async () => {
            await infra.bus.publish(end.topic as never, end.envelope);
            return [end.envelope.id];
          });
        }
        // Every chain of messages the replay started has ended: the summary sees the whole run.
        await barrier.quiesce();
      }
      for (const [symbol, count] of Object.entries(result.barsPublished)) symbols[symbol].published = count;
      // Live, market-data reads, checks and stores as it polls: what the run saw is what it published on the bus.
      for (const symbol of live ? Object.keys(symbols) : []) {
        const flow = monitor.flow(symbol);
        Object.assign(symbols[symbol], { read: flow.barsConsumed, published: flow.barsConsumed, stored: flow.barsConsumed, findings: flow.findingsConsumed });
      }
      publishedSoFar = totalPublished();
      const expectedFindings = Object.values(symbols).reduce((sum, entry) => sum + entry.findings, 0);
      if (!result.aborted) {
        await monitor.waitUntil(
          () =>
            consumedBars() >= publishedSoFar &&
            monitor.symbols().reduce((sum, symbol) => sum + monitor.flow(symbol).findingsConsumed, 0) >= expectedFindings,
          60_000,
        );
      }
    } finally {
      if (ticker) clearInterval(ticker);
    }
    hooks.progress?.(consumedBars(), expectedBars);

    let outOfOrder = 0;
    for (const symbol of Object.keys(symbols)) {
      const flow = monitor.flow(symbol);
      symbols[symbol].consumed = flow.barsConsumed;
      outOfOrder += flow.outOfOrder;
    }
    // The run's figures stop at the end of the replay, not when a person stops the process.
    const durationMs = performance.now() - started;
    const decisions = options.decisions === undefined ? undefined : await writeDecisionLog(options, columns, chain, startLines);
    const summary: RunSummary = {
      runId,
      infrastructure: infra.modes,
      speed: live ? 'live' : describeReplaySpeed(options.speed),
      seed: options.seed,
      files: options.files,
      symbols: Object.fromEntries(Object.entries(symbols).sort(([a], [b]) => a.localeCompare(b))),
      findings,
      outOfOrder,
      durationMs: Math.round(durationMs),
      barsPerSecond: Math.round(publishedSoFar / (durationMs / 1000)),
      aborted: result.aborted,
      lockstep: options.lockstep,
      strategies: chainMonitor.strategies(),
      portfolio: await chain.portfolio(),
      ...(decisions === undefined ? {} : { decisions }),
    };
    if (!live && !options.untilEnd && !result.aborted) {
      hooks.replayFinished?.(summary);
      await failure.guard(hooks.stopRequested);
    }
    return summary;
  } finally {
    await barrier?.stop().catch(() => undefined);
    await tap?.cancel().catch(() => undefined);
    await monitor.stop().catch(() => undefined);
    await live?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await chain?.stop().catch(() => undefined);
    await schemas?.release().catch(() => undefined);
    await infra.close();
  }
}

/** How many bars a replay without lockstep may have in flight ahead of its slowest service. */
const LEAD_BARS = 8;

/** Risk's decision log of the replay (from the first market event on), under the backtest's run header, to --decisions; returns its lines. */
async function writeDecisionLog(options: RunOptions, feeds: Parameters<typeof runHeader>[1], chain: TradingChain, skip: number): Promise<number> {
  // The header a desk under these limits and this cash writes, as the backtest's first line.
  const header = new MemoryDecisionSink();
  const desk = new RiskDesk({ instruments: [...new Set(feeds.map((bars) => bars.symbol))].sort().map((symbol) => instrumentFor(symbol)), initialCash: options.cash, policy: new RiskEnginePolicy({ limits: options.limits }), decisions: header });
  desk.writeHeader(runHeader(options.runs, canonicalFeeds(feeds), options.fill, { seed: options.seed, events: options.events, codeVersion: codeVersion() }));
  const lines = (await chain.decisionLines()).slice(skip);
  writeFileSync(options.decisions as string, header.lines.join('') + lines.map((line) => `${line}\n`).join(''));
  return lines.length + 1;
}
