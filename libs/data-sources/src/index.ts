// File importers, validation and resampling (also the ./files entry).
export * from './files';

// Market-data sources, resilience and caches (sources/, resilience/, cache/); test helpers are the ./testing entry.
export { type BarRequest, type DroppedRow, type FetchOptions, type MarketDataSource, type SourceResult, assertValidRequest, describeRequest } from './sources/market-data-source.port';
export { SourceError, type SourceErrorKind, type SourceErrorOptions, asSourceError, isSourceError } from './sources/source.error';
export { YahooChartSource, type YahooChartSourceConfig } from './sources/yahoo/yahoo-chart.source';
export { yahooInterval, yahooSymbol } from './sources/yahoo/yahoo-symbol.mapper';
export { AlphaVantageSource, type AlphaVantageSourceConfig } from './sources/alpha-vantage/alpha-vantage.source';
export { classifyAlphaVantageNotice } from './sources/alpha-vantage/alpha-vantage.parser';
export { IG_RESOLUTIONS, IgPricesSource, type IgPricesSourceConfig } from './sources/ig/ig-prices.source';
export { IgSession, type IgCredentials } from './sources/ig/ig-session';
export { CsvReplaySource } from './sources/csv/csv-replay.source';
export { type RateLimit, TokenBucketRateLimiter } from './resilience/token-bucket.rate-limiter';
export { type RetryPolicy, backoffDelayMs, nextRetryDelayMs } from './resilience/retry.policy';
export { type BreakerListener, type BreakerState, CircuitBreaker, type CircuitBreakerOptions } from './resilience/circuit-breaker';
export { type Sleeper, realSleeper, wallClock } from './resilience/sleeper';
export { barResponseProblems } from './resilience/bar-response.validator';
export { type ResilienceDependencies, type ResilienceSettings, ResilientSource, type RetryEvent } from './resilience/resilient.source';
export {
  AllSourcesFailedError,
  type AttemptOutcome,
  type AttemptRecord,
  type FailoverEvent,
  type FailoverListener,
  type FailoverResult,
  FailoverSource,
  type GuardedSource,
  type SourceStats,
} from './resilience/failover.source';
export { buildFailoverChain, type ChainMember, type FailoverChain, PROVIDER_RESILIENCE } from './resilience/failover-chain.factory';
export { type BarCache, type BarCacheTtl, DEFAULT_BAR_CACHE_TTL, barCacheKey, barSeriesKeyPrefix, barTtlMs, isClosedRange, quoteCacheKey } from './cache/bar-cache.port';
export { CacheAsideBarCache, type CacheErrorListener } from './cache/cache-aside.bar-cache';
export { InMemoryBarCache, type InMemoryBarCacheOptions } from './cache/in-memory.bar-cache';
export { RedisBarCache, type RedisBarCacheOptions } from './cache/redis.bar-cache';
export { decodeBars, encodeBars } from './cache/bar.codec';
