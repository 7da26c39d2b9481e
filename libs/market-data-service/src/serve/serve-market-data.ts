// `trading serve market-data`: the service alone, against the servers named by
// AMQP_URL, DATABASE_URL and REDIS_URL (or their embedded stand-ins when unset),
// with /metrics, /health/*, /bars and /quotes/{symbol} on HTTP_PORT. In replay
// mode (the default) it ingests and replays MARKET_DATA_FILES at
// MARKET_DATA_SPEED, then keeps serving; in live mode (MARKET_DATA_MODE=live)
// it follows those files as they grow and polls MARKET_DATA_LIVE_SERIES from
// the remote sources, publishing each bar once it has closed.
import { performance } from 'node:perf_hooks';
import { SystemClock } from '@trading/config';
import { realSleeper } from '@trading/data-sources';
import { MessageFactory } from '@trading/contracts';
import { ManualClock, SeededRandom, timeframeMs } from '@trading/domain';
import { busReadyCheck, databaseReadyCheck, startServiceObservability, type Logger } from '@trading/observability';
import { databaseOptionsFromConfig } from '@trading/persistence';
import { barsRoute } from '../bars.route';
import { createBarCache } from '../bar-cache.factory';
import { splitFileList } from '../feed/feed-files';
import { loadMarketDataConfig } from '../market-data.config';
import { MarketDataMetrics } from '../market-data.metrics';
import { createMarketDataApp } from '../market-data.module';
import { MARKET_DATA_MAY_BE_UNROUTABLE, MarketDataService } from '../market-data.service';
import { createLatestQuotes } from '../quotes/latest-quotes.factory';
import { QUOTES_ROUTE, quotesRoute } from '../quotes/quotes.route';
import { parseReplaySpeed, type ReplaySpeed } from '../replay/replay-speed';
import { createSourceChain } from '../sources/source-chain.factory';
import { marketDataMigrations } from '../store/migrations';
import { OhlcvBarRepository } from '../store/ohlcv-bar.repository';
import type { LiveFeed } from '../live/live-feed';
import { liveFeedsFromConfig, startLiveMode } from './live-mode';
import type { Infrastructure, InfrastructureOpener } from '@trading/runtime';

export interface RunningService {
  /** Resolves when the feed has ended: the replay's last bar (at once without files), or live mode's stop. */
  readonly fed: Promise<void>;
  stop(): Promise<void>;
}

export async function serveMarketData(openInfrastructure: InfrastructureOpener, environment = process.env): Promise<RunningService> {
  const config = loadMarketDataConfig(environment);
  const speed = parseReplaySpeed(config.feed.speed);
  const files = splitFileList(config.feed.files);
  const wallClock = new SystemClock();
  const observability = await startServiceObservability({ service: config.service, level: config.logLevel, port: config.httpPort });
  const { logger } = observability;
  // Not ready until every dependency is connected and registered its own check:
  // with no checks yet, the probe would otherwise answer "ready" during boot.
  let started = false;
  observability.health.register('started', () => started);
  const metrics = new MarketDataMetrics(observability.metrics, wallClock);
  let infra: Infrastructure;
  let sources;
  let liveFeeds: LiveFeed[];
  try {
    // Built before connecting: a misconfigured source list or live series stops the boot early.
    sources = createSourceChain(config.sources, { clock: wallClock, random: new SeededRandom(config.feed.seed ^ 0x50c), metrics });
    liveFeeds = config.mode === 'live' ? liveFeedsFromConfig(config, files, sources) : [];
    infra = await openInfrastructure({
      service: config.service,
      amqpUrl: config.amqpUrl,
      redisUrl: config.redisUrl,
      database: { ...databaseOptionsFromConfig(config.database, config.service), migrations: [...marketDataMigrations] },
      random: new SeededRandom(config.feed.seed ^ 0x5eed),
      logger,
      mayBeUnroutable: MARKET_DATA_MAY_BE_UNROUTABLE,
    });
  } catch (error) {
    // Nothing else holds the process open: close the probes so it can exit with the error.
    await observability.close();
    throw error;
  }
  observability.health.register('bus', busReadyCheck(infra.bus));
  observability.health.register('database', databaseReadyCheck(infra.database.dataSource));
  // No readiness check on Redis: without it the service is slower, not broken (see createBarCache).
  const marketClock = new ManualClock(0);
  // One cache for the service and live mode: what a live commit clears is what GET /bars reads.
  const cache = createBarCache(infra.redis, wallClock, config.service, logger);
  let app: Awaited<ReturnType<typeof createMarketDataApp>>;
  try {
    app = await createMarketDataApp({
      bus: infra.bus,
      messages: new MessageFactory({ clock: marketClock, random: new SeededRandom(config.feed.seed), producer: config.service }),
      marketClock,
      store: new OhlcvBarRepository(infra.database.dataSource, { schema: infra.database.schema }),
      cache,
      latestQuotes: createLatestQuotes(infra.redis, wallClock, config.service),
      quoteTtlMs: config.quoteTtlMs,
      metrics,
      sources,
      wallClock,
      logger,
      // Abortable, so a stop during a long accelerated wait (a weekend gap) is prompt.
      sleep: realSleeper,
      monotonicMs: () => performance.now(),
    });
  } catch (error) {
    // The connections and the probe server would hold the process open: close them so it exits with the error.
    await infra.close().catch(() => undefined);
    await observability.close();
    throw error;
  }
  // A feed that failed is a service that cannot do its job: readiness says so (and why),
  // so the orchestrator stops routing to it and an operator sees the reason.
  let feedFailure: string | undefined;
  observability.health.register('feed', () => {
    if (feedFailure !== undefined) throw new Error(`${config.mode} failed: ${feedFailure}`);
  });
  started = true;
  logger.info('market-data started', { infrastructure: infra.modes, mode: config.mode, files: files.length, series: config.live.series.length, speed: config.feed.speed });

  const controller = new AbortController();
  const service = app.get(MarketDataService);
  observability.routes.register('/bars', barsRoute(service, timeframeMs));
  observability.routes.register(QUOTES_ROUTE, quotesRoute({ get: (symbol) => service.latestQuote(symbol) }));
  const live =
    config.mode === 'live'
      ? startLiveMode({
          config,
          feeds: liveFeeds,
          bus: infra.bus,
          database: infra.database,
          cache,
          quotes: service.quotes,
          metrics,
          logger,
          clock: wallClock,
          sleep: realSleeper,
          // Findings' ids are UUIDv7s on the wall clock; the start time in the seed keeps replicas started with one MARKET_DATA_SEED apart.
          random: new SeededRandom(config.feed.seed ^ wallClock.now()),
        })
      : undefined;
  const fed = live ? live.running : replayFiles(service, files, config.feed.tz, speed, controller.signal, logger);
  fed.catch((error: unknown) => {
    feedFailure = error instanceof Error ? error.message : String(error);
    logger.error(`${config.mode} failed`, { error: feedFailure });
  });

  let stopping: Promise<void> | undefined;
  return {
    fed,
    stop: () => {
      stopping ??= (async () => {
        logger.info('market-data stopping');
        controller.abort();
        await live?.stop().catch(() => undefined);
        await fed.catch(() => undefined);
        // Each step runs even when the one before it fails, so no connection is left open.
        try {
          await service.quotes.flush();
          await app.close();
        } finally {
          try {
            await infra.close();
          } finally {
            await observability.close();
          }
        }
      })();
      return stopping;
    },
  };
}

/** Replay mode: ingests and replays the files (none: nothing to do). */
async function replayFiles(service: MarketDataService, files: readonly string[], tz: string, speed: ReplaySpeed, signal: AbortSignal, logger: Logger): Promise<void> {
  if (files.length === 0) return;
  const feeds = await service.ingest(files, { tz });
  const result = await service.replay(feeds, speed, signal);
  logger.info('replay finished', { bars: result.barsPublished, quotes: result.quotesPublished, findings: result.findingsPublished, aborted: result.aborted });
}
