// Retry with exponential backoff and jitter. Only retryable source errors are
// retried (timeouts, 5xx, temporary rate limits); a server's Retry-After wins
// over the computed delay, and one longer than the policy accepts ends the
// retries so the failover chain can move on instead of stalling.
import type { RandomSource } from '@trading/domain';
import { SourceError } from '../sources/source.error';

export interface RetryPolicy {
  /** Attempts in total, the first one included (1 = no retry). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest Retry-After worth waiting for; longer ones stop the retries. Defaults to maxDelayMs. */
  readonly maxRetryAfterMs?: number;
}

export function assertRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new RangeError(`retry delays need 0 <= baseDelayMs <= maxDelayMs, got ${policy.baseDelayMs}..${policy.maxDelayMs}`);
  }
}

/**
 * Delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed:
 * base * 2^(attempt-1), capped, with "equal jitter" (half fixed, half random)
 * so clients that failed together do not retry together.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: RandomSource): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const half = exponential / 2;
  return Math.round(half + random.nextFloat() * half);
}

/**
 * The wait before the next attempt, or undefined when the error must not be
 * retried (not retryable, attempts used up, or Retry-After too long).
 */
export function nextRetryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  error: unknown,
  random: RandomSource,
): number | undefined {
  if (!(error instanceof SourceError) || !error.retryable) return undefined;
  if (attempt >= policy.maxAttempts) return undefined;
  const computed = backoffDelayMs(policy, attempt, random);
  if (error.retryAfterMs === undefined) return computed;
  if (error.retryAfterMs > (policy.maxRetryAfterMs ?? policy.maxDelayMs)) return undefined;
  return Math.max(computed, error.retryAfterMs);
}
