// Builds the service's chain of remote bar sources, in the priority order the
// configuration gives (MARKET_DATA_SOURCES), each behind its own rate limit,
// timeout, retries and circuit breaker, and reports every attempt and failover
// to the service's metrics.
import {
  AlphaVantageSource,
  buildFailoverChain,
  IgPricesSource,
  PROVIDER_RESILIENCE,
  realSleeper,
  YahooChartSource,
  type ChainMember,
  type FailoverSource,
  type Sleeper,
} from '@trading/data-sources';
import { ConfigError } from '@trading/config';
import type { Clock, RandomSource } from '@trading/domain';
import type { MarketDataConfig } from '../market-data.config';
import type { MarketDataMetrics } from '../market-data.metrics';

export const SOURCE_NAMES = ['yahoo', 'alpha-vantage', 'ig'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export function parseSourceList(list: string | undefined): SourceName[] {
  const names = (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) {
    if (!(SOURCE_NAMES as readonly string[]).includes(name)) {
      throw configError('MARKET_DATA_SOURCES', `unknown source "${name}" (known: ${SOURCE_NAMES.join(', ')})`);
    }
  }
  if (new Set(names).size !== names.length) throw configError('MARKET_DATA_SOURCES', `lists a source twice: ${names.join(',')}`);
  return names as SourceName[];
}

export interface SourceChainDependencies {
  /** Wall clock: rate limits, timeouts and breaker cool-downs run on real time. */
  readonly clock: Clock;
  /** Jitter of retry delays. */
  readonly random: RandomSource;
  readonly metrics: MarketDataMetrics;
  /** Waits between retries and for the rate limits; real timers unless a spec hands in its own. */
  readonly sleep?: Sleeper;
}

/** The failover chain, or undefined when no remote source is configured. */
export function createSourceChain(config: MarketDataConfig['sources'], deps: SourceChainDependencies): FailoverSource | undefined {
  const names = parseSourceList(config.order);
  if (names.length === 0) return undefined;
  const members: ChainMember[] = names.map((name) => member(name, config, deps.clock));
  const { failover } = buildFailoverChain(members, { clock: deps.clock, random: deps.random, sleep: deps.sleep ?? realSleeper }, 'market-data');
  failover.addListener({
    onAttempt: (attempt) => {
      if (attempt.outcome === 'skipped') return;
      deps.metrics.sourceFetched(attempt.source, attempt.outcome === 'served' ? 'ok' : 'error', attempt.latencyMs / 1000);
      if (attempt.outcome === 'failed') deps.metrics.sourceFailed(attempt.source, attempt.error?.kind ?? 'unknown');
    },
    onFailover: (event) => deps.metrics.failedOver(event.from, event.kind),
  });
  return failover;
}

function member(name: SourceName, config: MarketDataConfig['sources'], clock: Clock): ChainMember {
  switch (name) {
    case 'yahoo':
      return { source: new YahooChartSource({ baseUrl: config.yahooBaseUrl }, clock), settings: PROVIDER_RESILIENCE.yahoo };
    case 'alpha-vantage':
      if (!config.alphaVantageApiKey) throw configError('ALPHAVANTAGE_API_KEY', 'required when MARKET_DATA_SOURCES lists alpha-vantage');
      return {
        source: new AlphaVantageSource({ baseUrl: config.alphaVantageBaseUrl, apiKey: config.alphaVantageApiKey }),
        settings: PROVIDER_RESILIENCE['alpha-vantage'],
      };
    case 'ig':
      if (!config.igApiKey || !config.igUsername || !config.igPassword) {
        throw configError('IG_API_KEY, IG_USERNAME, IG_PASSWORD', 'all required when MARKET_DATA_SOURCES lists ig');
      }
      return {
        source: new IgPricesSource({ baseUrl: config.igBaseUrl, apiKey: config.igApiKey, identifier: config.igUsername, password: config.igPassword }, clock),
        settings: PROVIDER_RESILIENCE.ig,
      };
  }
}

function configError(variable: string, problem: string): ConfigError {
  return new ConfigError([{ variable, problem }]);
}
