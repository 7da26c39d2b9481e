import { SeededRandom } from '@trading/domain';
import { SourceError } from '../sources/source.error';
import { backoffDelayMs, nextRetryDelayMs, type RetryPolicy } from './retry.policy';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('retry policy', () => {
  it('doubles the delay per attempt within [d/2, d] and caps it', () => {
    const random = new SeededRandom(1);
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(policy, attempt, random));
    const caps = [100, 200, 400, 800, 1000, 1000];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(caps[i] / 2);
      expect(delay).toBeLessThanOrEqual(caps[i]);
    });
  });

  it('gives the same delays for the same seed', () => {
    const a = [1, 2, 3].map((n) => backoffDelayMs(policy, n, new SeededRandom(9)));
    const b = [1, 2, 3].map((n) => backoffDelayMs(policy, n, new SeededRandom(9)));
    expect(a).toEqual(b);
  });

  it('retries timeouts, 5xx and rate limits but never a rejected request', () => {
    const random = new SeededRandom(2);
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'timeout', 't'), random)).toBeGreaterThanOrEqual(50);
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'unavailable', '503'), random)).toBeGreaterThanOrEqual(50);
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'rate-limited', '429'), random)).toBeGreaterThanOrEqual(50);
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'rejected', '400'), random)).toBeUndefined();
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'malformed', 'bad json'), random)).toBeUndefined();
    expect(nextRetryDelayMs(policy, 1, new Error('plain'), random)).toBeUndefined();
  });

  it('stops after maxAttempts', () => {
    expect(nextRetryDelayMs(policy, 4, new SourceError('s', 'timeout', 't'), new SeededRandom(3))).toBeUndefined();
  });

  it('waits at least the Retry-After, and gives up when it is longer than the policy accepts', () => {
    const random = new SeededRandom(4);
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'rate-limited', '429', { retryAfterMs: 3000 }), random)).toBe(3000);
    expect(nextRetryDelayMs(policy, 1, new SourceError('s', 'rate-limited', '429', { retryAfterMs: 60_000 }), random)).toBeUndefined();
  });

  it('does not retry a rate limit marked as not resetting soon', () => {
    const quotaSpent = new SourceError('s', 'rate-limited', 'daily quota', { retryable: false });
    expect(nextRetryDelayMs(policy, 1, quotaSpent, new SeededRandom(5))).toBeUndefined();
  });
});
