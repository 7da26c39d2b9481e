// Carries the correlation id of the message chain being handled through every
// await, so each log line can name the chain without threading it by hand.
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<string>();

/** Runs `fn` with `correlationId` as the current correlation id (nested calls override it). */
export function withCorrelation<T>(correlationId: string, fn: () => T): T {
  return storage.run(correlationId, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}
