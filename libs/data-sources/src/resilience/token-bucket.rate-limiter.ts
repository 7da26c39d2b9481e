// Client-side throttle per source: a token bucket refilled continuously at the
// configured rate, so a source is never asked faster than its provider allows
// (IG 60/min per key, Alpha Vantage 5/min, Yahoo "keep it low"). Waiters are
// served first come, first served.
import type { Clock } from '@trading/domain';
import type { Sleeper } from './sleeper';

export interface RateLimit {
  /** Requests allowed per `perMs` on average. */
  readonly requests: number;
  readonly perMs: number;
  /** Requests that may go at once after a quiet spell; defaults to `requests`. */
  readonly burst?: number;
}

export class TokenBucketRateLimiter {
  private tokens: number;
  private updatedAt: number;
  private readonly capacity: number;
  private readonly tokensPerMs: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    limit: RateLimit,
    private readonly clock: Clock,
    private readonly sleep: Sleeper,
  ) {
    if (!(limit.requests > 0) || !(limit.perMs > 0)) {
      throw new RangeError(`rate limit needs requests > 0 and perMs > 0, got ${limit.requests}/${limit.perMs}ms`);
    }
    const burst = limit.burst ?? limit.requests;
    if (!(burst >= 1)) throw new RangeError(`rate limit burst must be >= 1, got ${burst}`);
    this.capacity = burst;
    this.tokensPerMs = limit.requests / limit.perMs;
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Takes a token now if one is there; never waits. */
  tryAcquire(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Ms until a token is free (0 when one is free now). */
  waitTimeMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.tokensPerMs);
  }

  /** Waits until a token is free and takes it; callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeWhenFree(signal));
    // A waiter that aborts must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    if (!signal) return turn;
    // Nor wait for its turn to come before it hears of its own abort: when the
    // turn comes, takeWhenFree sees the abort and takes no token.
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason ?? new Error('aborted'));
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      void turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async takeWhenFree(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const wait = this.waitTimeMs();
      if (wait === 0) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(wait, signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.tokensPerMs);
      this.updatedAt = now;
    }
  }
}
