// The whole system in one process (`trading run`): opens the infrastructure
// (embedded or real servers, from the environment), boots each service on it,
// replays the bar files, and reports what flowed. Each service that later
// joins the system is booted here too.
// Decorator metadata for NestJS, before any decorated class loads.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SystemClock } from '@trading/config';
import { MessageFactory } from '@trading/contracts';
import { FINDING_KINDS, type FindingCounts, realSleeper } from '@trading/data-sources';
import { ManualClock, SeededRandom } from '@trading/domain';
import {
  createBarCache,
  createLatestQuotes,
  createMarketDataApp,
  describeReplaySpeed,
  type LoadedFeed,
  MARKET_DATA_MAY_BE_UNROUTABLE,
  marketDataMigrations,
  MarketDataMetrics,
  MarketDataService,
  OhlcvBarRepository,
} from '@trading/market-data-service';
import { createLogger, ServiceMetrics, type Logger } from '@trading/observability';
import { databaseOptionsFromConfig } from '@trading/persistence';
import type { InfrastructureModes } from '@trading/runtime';
import { openInfrastructure } from '@trading/runtime';
import { FlowMonitor } from './flow-monitor';
import type { RunEnvironment, RunOptions } from './run-options';

export interface SymbolSummary {
  read: number;
  rejected: number;
  published: number;
  consumed: number;
  findings: number;
  stored: number;
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
    mayBeUnroutable: MARKET_DATA_MAY_BE_UNROUTABLE,
  });
  const monitor = new FlowMonitor(`run-${runId}.monitor`);
  let app: Awaited<ReturnType<typeof createMarketDataApp>> | undefined;
  try {
    await monitor.start(infra.bus);
    const metrics = new MarketDataMetrics(new ServiceMetrics({ service: 'market-data', defaultMetrics: false }), wallClock);
    app = await createMarketDataApp({
      bus: infra.bus,
      messages: new MessageFactory({ clock: marketClock, random, producer: 'market-data' }),
      marketClock,
      store: new OhlcvBarRepository(infra.database.dataSource, { schema: infra.database.schema }),
      cache: createBarCache(infra.redis, wallClock, 'market-data', log),
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
    const symbols: Record<string, SymbolSummary> = {};
    const findings = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as FindingCounts;
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
      result = await marketData.replay(feeds, options.speed, hooks.signal);
      for (const [symbol, count] of Object.entries(result.barsPublished)) symbols[symbol].published = count;
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
    const summary: RunSummary = {
      runId,
      infrastructure: infra.modes,
      speed: describeReplaySpeed(options.speed),
      seed: options.seed,
      files: options.files,
      symbols: Object.fromEntries(Object.entries(symbols).sort(([a], [b]) => a.localeCompare(b))),
      findings,
      outOfOrder,
      durationMs: Math.round(durationMs),
      barsPerSecond: Math.round(publishedSoFar / (durationMs / 1000)),
      aborted: result.aborted,
    };
    if (!options.untilEnd && !result.aborted) {
      hooks.replayFinished?.(summary);
      await hooks.stopRequested;
    }
    return summary;
  } finally {
    await monitor.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await infra.close();
  }
}
