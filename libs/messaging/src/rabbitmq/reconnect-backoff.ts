// Delay before the next reconnection attempt: exponential in the number of
// failed attempts, capped, with "full jitter" so replicas that lost the broker
// together do not hammer it in lock-step when it comes back.
import type { RandomSource } from '@trading/domain';

export interface BackoffOptions {
  /** Delay scale of the first retry, ms. */
  readonly initialDelayMs: number;
  /** Upper bound of any delay, ms. */
  readonly maxDelayMs: number;
}

export function reconnectDelayMs(attempt: number, options: BackoffOptions, random: RandomSource): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be an integer >= 0, got ${attempt}`);
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  // Half fixed, half random: never zero (a tight loop), never above the ceiling.
  return Math.round(ceiling / 2 + (random.nextFloat() * ceiling) / 2);
}
