// How the standalone risk service warms up (serveRisk): the read, retried with
// a growing wait while market-data cannot answer; what the readiness probe and
// the logs say meanwhile; the metrics of what was read. Started without
// MARKET_DATA_URL, or with RISK_WARMUP_BARS=0, a first start is cold and says
// so: VaR and correlation refuse new exposure until enough bars have passed.
import type { Envelope } from '@trading/contracts';
import type { Clock, RandomSource, Timeframe } from '@trading/domain';
import type { Logger } from '@trading/observability';
import type { RiskLimits } from '@trading/risk-engine';
import { type BarHistory, HttpBarHistory, type Sleep, timerSleep } from '@trading/runtime';
import type { RiskServiceConfig } from '../risk-service.config';
import type { RiskMetrics } from '../risk-service.metrics';
import { readRiskWarmUpWithRetry } from './risk-warm-up';

export interface WarmUpHook {
  /** Handed to createRiskService, which calls it on a first start only (an empty journal). */
  readonly read: () => Promise<readonly Envelope[]>;
  /** The readiness check: throws, saying why, while a warm-up reads or waits to retry. */
  check(): void;
}

export interface WarmUpHookOptions {
  readonly config: RiskServiceConfig['warmUp'];
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /** The desk's limits: the cold-start warning names the history they need. */
  readonly limits: RiskLimits;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: RiskMetrics;
  /** Jitter of the waits between attempts. */
  readonly random: RandomSource;
  readonly sleep?: Sleep;
  /** Stops the retries (never, by default: the process ends instead). */
  readonly signal?: AbortSignal;
  /** Where bars come from; market-data's HTTP API at MARKET_DATA_URL by default. */
  readonly history?: BarHistory;
  /** First and longest wait between attempts; 1 s and 30 s by default. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

export function warmUpHook(options: WarmUpHookOptions): WarmUpHook {
  const { config, logger, symbols, timeframe } = options;
  const url = config.marketDataUrl;
  if (url === undefined || config.bars === 0) {
    const needed = Math.max(options.limits.var.minObservations, options.limits.correlation.minObservations) + 1;
    return {
      read: async () => {
        logger.warn('first start with no market history: VaR and correlation refuse new exposure until the desk has seen enough bars', {
          reason: url === undefined ? 'MARKET_DATA_URL is unset' : 'RISK_WARMUP_BARS is 0',
          barsNeeded: needed,
          timeframe,
        });
        return [];
      },
      check: () => undefined,
    };
  }
  const history = options.history ?? new HttpBarHistory({ baseUrl: url, timeoutMs: config.marketDataTimeoutMs });
  let status: string | null = null;
  return {
    read: async () => {
      status = `warming up: reading ${config.bars} ${timeframe} bars of ${symbols.join(', ')} from ${url}`;
      logger.info('warming up from market history', { url, bars: config.bars, timeframe, symbols });
      const warm = await readRiskWarmUpWithRetry(
        { history, series: symbols.map((symbol) => ({ symbol, timeframe })), bars: config.bars, clock: options.clock },
        {
          random: options.random,
          sleep: options.sleep ?? timerSleep,
          signal: options.signal ?? new AbortController().signal,
          firstDelayMs: options.firstDelayMs ?? 1_000,
          maxDelayMs: options.maxDelayMs ?? 30_000,
          onFailure: (error, attempt, delayMs) => {
            const reason = error instanceof Error ? error.message : String(error);
            status = `warm-up failed (attempt ${attempt}), retrying in ${delayMs} ms: ${reason}`;
            options.metrics?.warmupFailed();
            logger.warn('warm-up failed: market history unavailable, retrying', { attempt, retryInMs: delayMs, error: reason });
          },
        },
      );
      for (const [symbol, count] of warm.bars) {
        options.metrics?.warmedUp(symbol, count);
        if (count < config.bars) logger.warn('less market history than asked for: the desk warms up on what there is', { symbol, bars: count, asked: config.bars });
      }
      logger.info('warmed up from market history', { bars: Object.fromEntries(warm.bars), until: new Date(warm.now).toISOString() });
      status = null;
      return warm.envelopes;
    },
    check: () => {
      if (status !== null) throw new Error(status);
    },
  };
}
