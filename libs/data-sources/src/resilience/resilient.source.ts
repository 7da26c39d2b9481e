// Wraps one market-data source with everything it needs to be a good citizen
// of a failover chain: its own rate limiter, a time limit per attempt, retries
// with backoff for retryable errors, validation of the answer, and a circuit
// breaker that counts failed calls (after their retries) so a dead source is
// skipped instead of being waited on. Bars that have not closed by the clock's
// now (a provider's live forming bar, an H4 or D1 bucket built from the hours
// so far) are dropped and reported: they would otherwise be stored as final.
import { timeframeMs, type Clock, type RandomSource } from '@trading/domain';
import {
  assertValidRequest,
  describeRequest,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type SourceResult,
} from '../sources/market-data-source.port';
import { asSourceError, SourceError } from '../sources/source.error';
import { barResponseProblems } from './bar-response.validator';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { assertRetryPolicy, nextRetryDelayMs, type RetryPolicy } from './retry.policy';
import type { Sleeper } from './sleeper';
import { TokenBucketRateLimiter, type RateLimit } from './token-bucket.rate-limiter';

export interface ResilienceSettings {
  readonly rateLimit: RateLimit;
  /** Time limit of one attempt, ms. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly breaker: CircuitBreakerOptions;
}

export interface ResilienceDependencies {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly sleep: Sleeper;
}

export interface RetryEvent {
  readonly source: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: SourceError;
}

/** Kinds that say nothing about the source's health, so they leave the breaker alone. */
const NOT_THE_SOURCES_FAULT: ReadonlySet<string> = new Set(['aborted', 'rejected']);

export class ResilientSource implements MarketDataSource {
  readonly breaker: CircuitBreaker;
  readonly limiter: TokenBucketRateLimiter;
  private readonly retryListeners: Array<(event: RetryEvent) => void> = [];

  constructor(
    private readonly inner: MarketDataSource,
    private readonly settings: ResilienceSettings,
    private readonly deps: ResilienceDependencies,
  ) {
    if (!(settings.timeoutMs > 0)) throw new RangeError(`${inner.name}: timeoutMs must be > 0, got ${settings.timeoutMs}`);
    assertRetryPolicy(settings.retry);
    this.breaker = new CircuitBreaker(settings.breaker, deps.clock);
    this.limiter = new TokenBucketRateLimiter(settings.rateLimit, deps.clock, deps.sleep);
  }

  get name(): string {
    return this.inner.name;
  }

  /** False while the breaker is open (or its half-open trial is taken). */
  isAvailable(): boolean {
    return this.breaker.isAvailable();
  }

  onRetry(listener: (event: RetryEvent) => void): void {
    this.retryListeners.push(listener);
  }

  async fetchBars(request: BarRequest, options: FetchOptions = {}): Promise<SourceResult> {
    assertValidRequest(request);
    if (!this.breaker.tryEnter()) {
      throw new SourceError(this.name, 'circuit-open', `breaker open, not asking for ${describeRequest(request)}`, { retryable: false });
    }
    try {
      const result = await this.withRetries(request, options.signal);
      this.breaker.recordSuccess();
      return result;
    } catch (error) {
      const failure = asSourceError(this.name, error);
      if (NOT_THE_SOURCES_FAULT.has(failure.kind)) this.breaker.releaseTrial();
      else this.breaker.recordFailure();
      throw failure;
    }
  }

  private async withRetries(request: BarRequest, signal: AbortSignal | undefined): Promise<SourceResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.limiter.acquire(signal);
        return await this.attempt(request, signal);
      } catch (error) {
        const failure = signal?.aborted
          ? new SourceError(this.name, 'aborted', 'caller aborted', { retryable: false, cause: error })
          : asSourceError(this.name, error);
        const delay = nextRetryDelayMs(this.settings.retry, attempt, failure, this.deps.random);
        if (delay === undefined) throw failure;
        for (const listener of this.retryListeners) listener({ source: this.name, attempt, delayMs: delay, error: failure });
        await this.backoff(delay, signal);
      }
    }
  }

  private async backoff(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.deps.sleep(delayMs, signal);
    } catch (error) {
      throw new SourceError(this.name, 'aborted', 'caller aborted during retry backoff', { retryable: false, cause: error });
    }
  }

  private async attempt(request: BarRequest, signal: AbortSignal | undefined): Promise<SourceResult> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), this.settings.timeoutMs);
    timer.unref?.();
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      // Raced against the signal so a source that ignores it still cannot hold the call past its time limit.
      const result = await Promise.race([this.inner.fetchBars(request, { signal: combined }), rejectOnAbort(combined)]);
      const problems = barResponseProblems(request, result.bars);
      if (problems.length > 0) {
        throw new SourceError(this.name, 'invalid-data', `${describeRequest(request)}: ${problems.join('; ')}`, { retryable: false });
      }
      return withoutFormingBars(result, request, this.deps.clock.now());
    } catch (error) {
      if (timeout.signal.aborted && !signal?.aborted) {
        throw new SourceError(this.name, 'timeout', `no answer within ${this.settings.timeoutMs} ms for ${describeRequest(request)}`, {
          cause: error,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The result without bars still open at `now`, each listed as dropped. */
function withoutFormingBars(result: SourceResult, request: BarRequest, now: number): SourceResult {
  const step = timeframeMs(request.timeframe);
  const bars = result.bars;
  // Bars are sorted (checked above): forming ones can only be at the end.
  let closed = bars.length;
  while (closed > 0 && bars[closed - 1].time + step > now) closed--;
  if (closed === bars.length) return result;
  const forming = bars.slice(closed).map((bar) => ({
    time: bar.time,
    reason: `forming bar: closes at ${new Date(bar.time + step).toISOString()}, after now (${new Date(now).toISOString()})`,
  }));
  return { ...result, bars: bars.slice(0, closed), dropped: [...result.dropped, ...forming] };
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
