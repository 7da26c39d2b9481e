// The rules of batch consumption both adapters share (see `BatchHandler` in the
// port): the limits a batch consumer accepts, and what becomes of each message
// of a batch once its handler resolved or threw. The adapters only carry the
// verdicts out (ack, dead-letter, redeliver alone), each on its own transport.
import { isRejectMessage, type BatchConsumerSpec, type BatchOutcome } from './message-bus.port';

/** Prefetch of a batch consumer that names none: room for the next batch while one commits. */
export function defaultBatchPrefetch(maxBatch: number): number {
  return Math.max(16, 2 * maxBatch);
}

export interface BatchLimits {
  readonly maxBatch: number;
  readonly prefetch: number;
}

/** maxBatch and prefetch of a batch consumer, checked: a batch only ever holds messages already delivered. */
export function batchLimits(spec: Pick<BatchConsumerSpec, 'queue' | 'maxBatch' | 'prefetch'>): BatchLimits {
  const { queue, maxBatch } = spec;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError(`batch consumer of ${queue}: maxBatch must be an integer >= 1, got ${maxBatch}`);
  const prefetch = spec.prefetch ?? defaultBatchPrefetch(maxBatch);
  if (!Number.isSafeInteger(prefetch) || prefetch < maxBatch) {
    throw new RangeError(`batch consumer of ${queue}: prefetch must be an integer >= maxBatch (${maxBatch}), got ${prefetch}`);
  }
  return { maxBatch, prefetch };
}

/** How a batch's handler call ended. */
export type BatchSettlement = { readonly ok: true; readonly outcome: BatchOutcome | void } | { readonly ok: false; readonly error: unknown };

export type MessageVerdict =
  | { readonly kind: 'ack' }
  /** Named in `BatchOutcome.rejected`, or `RejectMessage` thrown for it alone: dead-letter now. */
  | { readonly kind: 'rejected'; readonly reason: string }
  /** Failed on its last allowed delivery: dead-letter with the error. */
  | { readonly kind: 'exhausted'; readonly error: string }
  /** Failed with deliveries left: redeliver it, alone, before any later message. */
  | { readonly kind: 'retry' };

/** Runs a batch handler, turning a synchronous throw into a failed settlement like an asynchronous one. */
export async function settleBatch(run: () => Promise<BatchOutcome | void>): Promise<BatchSettlement> {
  try {
    return { ok: true, outcome: await run() };
  } catch (error) {
    return { ok: false, error: error ?? new Error('batch handler failed') };
  }
}

/**
 * The verdict on each message of a settled batch. `deliveryCounts[i]` is the
 * delivery of message i the handler just saw.
 */
export function judgeBatch(deliveryCounts: readonly number[], maxDeliveries: number, settlement: BatchSettlement): MessageVerdict[] {
  const size = deliveryCounts.length;
  let error: unknown;
  if (settlement.ok) {
    const problem = outcomeProblem(settlement.outcome, size);
    if (problem === undefined) {
      const rejected = settlement.outcome?.rejected;
      return deliveryCounts.map((_, index) => {
        const reason = rejected?.get(index);
        return reason === undefined ? { kind: 'ack' } : { kind: 'rejected', reason };
      });
    }
    // A report naming no message of the batch is a handler bug: a failure, so it is seen (each message is retried
    // alone, and one the handler keeps misreporting is dead-lettered with this text).
    error = new Error(problem);
  } else {
    error = settlement.error;
  }
  if (size === 1 && isRejectMessage(error)) return [{ kind: 'rejected', reason: errorText(error) }];
  const text = errorText(error);
  return deliveryCounts.map((count) => (count >= maxDeliveries ? { kind: 'exhausted', error: text } : { kind: 'retry' }));
}

function outcomeProblem(outcome: BatchOutcome | void, size: number): string | undefined {
  if (outcome === undefined || outcome === null) return undefined;
  const rejected: unknown = (outcome as { rejected?: unknown }).rejected;
  if (!(rejected instanceof Map)) return `the batch handler resolved to an outcome whose "rejected" is not a Map`;
  for (const [index, reason] of rejected as Map<unknown, unknown>) {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= size) {
      return `the batch handler rejected index ${String(index)} of a batch of ${size} message(s)`;
    }
    if (typeof reason !== 'string' || reason === '') return `the batch handler rejected index ${index} without a reason`;
  }
  return undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
