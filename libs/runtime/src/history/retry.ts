// Retries an attempt until it succeeds or the caller stops, waiting longer
// each time (doubling up to a ceiling, with jitter from the injected seeded
// source so replicas that failed together do not retry together).
import type { RandomSource } from '@trading/domain';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface RetryOptions {
  readonly random: RandomSource;
  readonly sleep: Sleep;
  readonly signal: AbortSignal;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Told of each failure and the wait before the next attempt. */
  readonly onFailure: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Resolves with the first success; rejects only when `signal` aborts (with its reason). */
export async function retryUntilDone<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 1; ; n++) {
    if (options.signal.aborted) throw options.signal.reason;
    try {
      return await attempt();
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      const ceiling = Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** Math.min(n - 1, 30));
      const delayMs = Math.round(ceiling * (0.5 + 0.5 * options.random.nextFloat()));
      options.onFailure(error, n, delayMs);
      await options.sleep(delayMs, options.signal);
    }
  }
}

/** setTimeout as a promise that an abort ends at once. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
