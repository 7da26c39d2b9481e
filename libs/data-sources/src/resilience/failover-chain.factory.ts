// Default resilience settings per provider, from their documented limits
// (see the broker and data API reference), and one call that wraps sources in
// their guards and chains them in priority order. Services override any
// setting from configuration.
import type { MarketDataSource } from '../sources/market-data-source.port';
import { FailoverSource } from './failover.source';
import { ResilientSource, type ResilienceDependencies, type ResilienceSettings } from './resilient.source';

export const PROVIDER_RESILIENCE = Object.freeze({
  // Undocumented limits and IP blocks of 15+ minutes after a burst: ask rarely, back off long.
  yahoo: {
    rateLimit: { requests: 1, perMs: 2_000, burst: 2 },
    timeoutMs: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 10_000 },
    breaker: { failureThreshold: 3, coolDownMs: 5 * 60_000 },
  },
  // Free keys: 25 requests a day (formerly 5 a minute); a per-minute Note says "wait 60 s", which is
  // longer than worth waiting in a request, so the chain fails over instead.
  'alpha-vantage': {
    rateLimit: { requests: 5, perMs: 60_000, burst: 1 },
    timeoutMs: 15_000,
    retry: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 5_000 },
    breaker: { failureThreshold: 2, coolDownMs: 15 * 60_000 },
  },
  // Non-trading requests: 30 a minute per account, 60 per API key.
  ig: {
    rateLimit: { requests: 30, perMs: 60_000, burst: 5 },
    timeoutMs: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
    breaker: { failureThreshold: 3, coolDownMs: 2 * 60_000 },
  },
  // Local files: the first request reads and validates the whole file.
  file: {
    rateLimit: { requests: 1_000, perMs: 1_000 },
    timeoutMs: 60_000,
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    breaker: { failureThreshold: 3, coolDownMs: 10_000 },
  },
} satisfies Record<string, ResilienceSettings>);

export interface ChainMember {
  readonly source: MarketDataSource;
  readonly settings: ResilienceSettings;
}

export interface FailoverChain {
  readonly failover: FailoverSource;
  /** The guarded sources in priority order (their breakers and limiters, for metrics). */
  readonly members: readonly ResilientSource[];
}

export function buildFailoverChain(members: readonly ChainMember[], deps: ResilienceDependencies, name = 'failover'): FailoverChain {
  const guarded = members.map(({ source, settings }) => new ResilientSource(source, settings, deps));
  return { failover: new FailoverSource(guarded, deps.clock, name), members: guarded };
}
