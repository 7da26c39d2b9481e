// Waiting is injected like time: services sleep on real timers, tests hand in
// a sleeper that advances a ManualClock so nothing in a test really waits.
import type { Clock } from '@trading/domain';

export type Sleeper = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleeper: Sleeper = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The wall clock, for services; everything that reads time takes a Clock so tests can pass a ManualClock. */
export const wallClock: Clock = { now: () => Date.now() };

/** A sleeper that moves `clock` forward instead of waiting, and records every wait. */
export function manualSleeper(clock: { advance(ms: number): void }): Sleeper & { readonly waits: number[] } {
  const waits: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw abortReason(signal);
    waits.push(ms);
    clock.advance(Math.max(0, ms));
  };
  return Object.assign(sleep, { waits });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}
