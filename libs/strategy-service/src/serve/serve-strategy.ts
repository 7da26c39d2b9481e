// `trading serve strategy-<name>` and apps/strategy-<name>: one strategy
// service alone, configured by the environment, on the bus AMQP_URL names
// (the in-process bus when unset), warming up from market-data's HTTP API at
// MARKET_DATA_URL (or cold, STRATEGY_COLD_START: a replay from its first
// bar), with /metrics and /health/* on HTTP_PORT. It opens no database: it
// keeps nothing durable.
import { SystemClock } from '@trading/config';
import { MessageFactory, patterns } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { busReadyCheck, startServiceObservability } from '@trading/observability';
import { type BusOpener, busReceipts, HttpBarHistory, type OpenedBus } from '@trading/runtime';
import { createStrategyService, type RunningStrategyService } from '../create-strategy-service';
import { loadStrategyServiceConfig, type StrategyServiceName } from '../strategy-service.config';

export interface ServedStrategy {
  /** Resolves once warmed up and consuming. */
  readonly ready: Promise<void>;
  /** Where /metrics and /health answer (HTTP_PORT, or the port picked for 0). */
  readonly url: string;
  stop(): Promise<void>;
}

export async function serveStrategy(name: StrategyServiceName, openInfrastructure: BusOpener, environment: Readonly<Record<string, string | undefined>> = process.env): Promise<ServedStrategy> {
  const config = loadStrategyServiceConfig(name, environment);
  const { settings } = config;
  const receipts = config.lockstep || config.receipts;
  const observability = await startServiceObservability({ service: config.service, level: config.logLevel, port: config.httpPort });
  const { logger } = observability;
  // Not ready until the bus is open and the warm-up done (with no checks yet, the probe would say ready).
  let started = false;
  observability.health.register('started', () => started);
  let opened: OpenedBus;
  try {
    // A receipt nobody takes (no replay is tapping the bus) is dropped, not retried into the dead letters.
    opened = await openInfrastructure({ service: config.service, amqpUrl: config.amqpUrl, random: new SeededRandom(config.seed ^ 0x5eed), logger, mayBeUnroutable: receipts ? [patterns.flowHandled()] : [] });
  } catch (error) {
    await observability.close();
    throw error;
  }
  observability.health.register('bus', busReadyCheck(opened.bus));
  const service: RunningStrategyService = createStrategyService({
    bus: opened.bus,
    settings,
    producer: `strategy-${name}`,
    clock: new SystemClock(),
    random: new SeededRandom(config.seed),
    logger,
    metrics: observability.metrics,
    history: new HttpBarHistory({ baseUrl: config.marketDataUrl, timeoutMs: config.marketDataTimeoutMs }),
    cold: config.coldStart,
    ...(receipts ? { lockstep: { receipts: busReceipts(opened.bus, new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(config.seed), producer: config.service })), hold: config.lockstep } } : {}),
  });
  observability.health.register('warm-up', () => service.readinessCheck());
  started = true;
  logger.info(`strategy-${name} started`, {
    bus: opened.mode,
    queue: service.queue,
    symbols: settings.symbols,
    timeframe: settings.timeframe,
    warmupBars: settings.warmupBars,
    coldStart: config.coldStart,
    parametersVersion: settings.parametersVersion,
    marketDataUrl: config.marketDataUrl,
    lockstep: config.lockstep,
  });

  let stopping: Promise<void> | undefined;
  return {
    ready: service.ready,
    url: observability.server.url,
    stop: () => {
      stopping ??= (async () => {
        logger.info(`strategy-${name} stopping`);
        // Each step runs even when the one before it fails, so nothing is left open.
        try {
          await service.stop();
        } finally {
          try {
            await opened.close();
          } finally {
            await observability.close();
          }
        }
      })();
      return stopping;
    },
  };
}
