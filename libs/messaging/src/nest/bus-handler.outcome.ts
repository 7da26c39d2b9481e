// What a Nest-wrapped handler returned, as the bus needs it: the values it
// produced (a promise, a plain value or an observable, depending on its
// interceptors), its replies, or the error to settle the delivery with.
import { types } from 'node:util';
import { isObservable, lastValueFrom, toArray } from 'rxjs';
import type { Envelope, Topic } from '@trading/contracts';
import type { BatchOutcome } from '../message-bus.port';

/** One reply of a `@BusRequest` handler. */
export interface BusReply {
  readonly topic: Topic;
  readonly envelope: Envelope;
}

/** A `@BusRequest` handler's result: one reply, several (published in order), or none. */
export type BusReplies = BusReply | readonly BusReply[] | undefined;

/**
 * Waits for the handler to finish and returns what it produced. An observable
 * result (any interceptor turns the result into one) is run to completion, so
 * the delivery is settled only when everything it started has finished.
 */
export async function settleHandlerResult(returned: unknown, keepValues: boolean): Promise<unknown[]> {
  const value: unknown = await returned;
  if (!isObservable(value)) return [value];
  if (!keepValues) {
    await lastValueFrom(value, { defaultValue: undefined });
    return [];
  }
  return lastValueFrom(value.pipe(toArray()));
}

const NEST_DEFAULT_RPC_ERROR = 'Internal server error';

/**
 * The error the bus settles a failed delivery with. Errors keep their type
 * (a RejectMessage stays one); anything else thrown becomes an Error whose
 * message says what it was, since the bus records `error.message` as the
 * dead-letter reason.
 */
export function handlerFailure(error: unknown): Error {
  // isNativeError also knows errors of another realm (a vm context, as under Jest).
  if (error instanceof Error || types.isNativeError(error)) return error;
  if (typeof error === 'object' && error !== null) {
    const { message, status } = error as { message?: unknown; status?: unknown };
    if (status === 'error' && message === NEST_DEFAULT_RPC_ERROR) {
      return new Error(
        'the handler failed, and an RPC exception filter replaced its error with Nest\'s "Internal server error" ' +
          '(a filter on the handler or its controller hides the error from the bus: map errors in an interceptor instead)',
      );
    }
    if (typeof message === 'string' && message.length > 0) return new Error(message);
    return new Error(`the handler failed with ${describe(error)}`);
  }
  return new Error(typeof error === 'string' && error.length > 0 ? error : `the handler failed with ${describe(error)}`);
}

/** The replies in what a `@BusRequest` handler produced, checked, in order. */
export function repliesOf(values: readonly unknown[], handler: string): BusReply[] {
  const replies: BusReply[] = [];
  for (const value of values) {
    if (value === undefined || value === null) continue;
    for (const reply of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (!isReply(reply)) {
        throw new TypeError(`${handler} returned ${describe(reply)} as a reply: a @BusRequest handler returns { topic, envelope }, an array of them, or undefined`);
      }
      replies.push(reply);
    }
  }
  return replies;
}

/**
 * The BatchOutcome in what a `@BusBatch` handler produced: its last value, or
 * none. Anything else is a handler bug, thrown (so the bus retries the batch
 * and, in the end, dead-letters with this text) rather than acked unread.
 */
export function batchOutcomeOf(values: readonly unknown[], handler: string): BatchOutcome | undefined {
  const value = values.length === 0 ? undefined : values[values.length - 1];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && (value as { rejected?: unknown }).rejected instanceof Map) return value as BatchOutcome;
  throw new TypeError(`${handler} returned ${describe(value)} from a batch: a @BusBatch handler returns { rejected: Map<index, reason> } or undefined`);
}

function isReply(value: unknown): value is BusReply {
  if (typeof value !== 'object' || value === null) return false;
  const { topic, envelope } = value as { topic?: unknown; envelope?: unknown };
  return typeof topic === 'string' && topic.length > 0 && typeof envelope === 'object' && envelope !== null;
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
