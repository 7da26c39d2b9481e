// A strategy service on the infrastructure its host hands in (bus, clocks,
// seeded random, logger, metrics, bar history): `trading serve` and the apps
// through serveStrategy, `trading run` directly. It rebuilds its strategy
// from history first, retrying while market-data cannot answer, and consumes
// its queue only once warm: a cold strategy publishes nothing.
import type { ServiceMetrics } from '@trading/observability';
import { type BarHistory, readWarmupBars, retryUntilDone, type Sleep, timerSleep } from '@trading/runtime';
import { consumeStrategyQueue, strategyQueue } from './strategy-bus.consumer';
import { warmupOf } from './strategy-service.config';
import { StrategyServiceMetrics } from './strategy-service.metrics';
import { StrategyService, type StrategyServiceCore } from './strategy.service';

export interface StrategyServiceDependencies extends Omit<StrategyServiceCore, 'metrics'> {
  readonly metrics: ServiceMetrics;
  readonly history: BarHistory;
  /** Waits between warm-up attempts (a timer by default). */
  readonly sleep?: Sleep;
  /** Start cold, with no warm-up: a replay from its first bar, as a backtest starts (`trading run`). */
  readonly cold?: boolean;
  /** First and longest wait between warm-up attempts; default 1 s and 30 s. */
  readonly retry?: { readonly firstDelayMs: number; readonly maxDelayMs: number };
}

export interface RunningStrategyService {
  readonly name: string;
  readonly queue: string;
  /** Resolves once warmed up and consuming; rejects if stopped before, or if the queue cannot be consumed. */
  readonly ready: Promise<void>;
  /** A readiness check: throws, saying why, until warmed up and consuming. */
  readinessCheck(): void;
  /** Stops warming up or consuming; handlers in flight finish first. */
  stop(): Promise<void>;
}

export function createStrategyService(deps: StrategyServiceDependencies): RunningStrategyService {
  const { settings, logger } = deps;
  const name = settings.definition.name;
  const queue = strategyQueue(name).name;
  const metrics = new StrategyServiceMetrics(deps.metrics, name);
  const service = new StrategyService({ ...deps, metrics });
  const controller = new AbortController();
  let status = `warming up: reading ${settings.warmupBars} ${settings.timeframe} bars of ${settings.symbols.join(', ')}`;
  let consuming = false;
  let consumer: { cancel(): Promise<void> } | undefined;

  const warmUp = async (): Promise<void> => {
    const history = deps.cold ? { bars: new Map(), now: deps.clock.now() } : await retryUntilDone(
      async () => {
        const now = deps.clock.now();
        const bars = new Map<string, Awaited<ReturnType<typeof readWarmupBars>>>();
        for (const symbol of settings.symbols) bars.set(symbol, await readWarmupBars(deps.history, symbol, settings.timeframe, settings.warmupBars, now));
        return { bars, now };
      },
      {
        random: deps.random,
        sleep: deps.sleep ?? timerSleep,
        signal: controller.signal,
        firstDelayMs: deps.retry?.firstDelayMs ?? 1_000,
        maxDelayMs: deps.retry?.maxDelayMs ?? 30_000,
        onFailure: (error, attempt, delayMs) => {
          const reason = error instanceof Error ? error.message : String(error);
          status = `warm-up failed (attempt ${attempt}), no signal until it succeeds: ${reason}`;
          metrics.warmupFailed();
          logger.warn('warm-up failed: bar history unavailable, retrying', { attempt, retryInMs: delayMs, error: reason });
        },
      },
    );
    const used = service.warmUp(history.bars, history.now);
    for (const [symbol, count] of deps.cold ? [] : used) {
      metrics.warmedUp(symbol, count);
      const needed = warmupOf(settings.definition, settings.parameters, symbol, settings.timeframe);
      if (count < needed) logger.warn('too little history: the strategy stays silent on this symbol until it has seen its warm-up bars', { symbol, bars: count, needed });
    }
    if (controller.signal.aborted) throw controller.signal.reason;
    consumer = await consumeStrategyQueue(deps.bus, service, logger);
    if (controller.signal.aborted) {
      await consumer.cancel();
      throw controller.signal.reason;
    }
    consuming = true;
    status = 'ready';
    metrics.readiness(true);
    logger.info('warmed up, consuming', { queue, timeframe: settings.timeframe, bars: Object.fromEntries(used), parametersVersion: settings.parametersVersion });
  };

  const ready = warmUp();
  ready.catch((error: unknown) => {
    if (controller.signal.aborted) return;
    status = `cannot consume ${queue}: ${error instanceof Error ? error.message : String(error)}`;
    logger.error('strategy service failed to start', { error: status });
  });

  let stopping: Promise<void> | undefined;
  return {
    name,
    queue,
    ready,
    readinessCheck: () => {
      if (!consuming) throw new Error(status);
    },
    stop: () => {
      stopping ??= (async () => {
        controller.abort(new Error(`${name} stopped`));
        consuming = false;
        status = 'stopped';
        metrics.readiness(false);
        await ready.catch(() => undefined);
        await consumer?.cancel();
      })();
      return stopping;
    },
  };
}
