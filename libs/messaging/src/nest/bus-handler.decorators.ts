// `@BusEvent({ queue, bindings, ... })`, `@BusRequest({ ... })` and
// `@BusBatch({ ..., maxBatch })` declare a controller method as the handler of
// one bus queue. They are Nest's `@EventPattern` and `@MessagePattern`
// (pattern = the queue name, transport = BUS_TRANSPORT) with the queue's
// bindings and limits in the pattern's extras, where BusTransport reads them
// to call `bus.consume` (or `bus.consumeBatches` for a batch handler). A
// method may consume several queues: stack the decorators, one queue each.
import 'reflect-metadata';
import { UseFilters } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { BatchConsumerSpec, ConsumerSpec } from '../message-bus.port';
import { BUS_EXCEPTION_FILTER } from './bus-exception.filter';
import { BUS_TRANSPORT } from './messaging.tokens';

/** Everything of a ConsumerSpec but the handler, which is the decorated method. */
export type BusQueueOptions = Omit<ConsumerSpec, 'handler'> & {
  /** RabbitMQ only (the in-process bus has no queue types): quorum (default) or classic. */
  readonly queueType?: 'quorum' | 'classic';
};

/** Everything of a BatchConsumerSpec but the handler, which is the decorated method. */
export type BusBatchOptions = Omit<BatchConsumerSpec, 'handler'> & {
  /** RabbitMQ only (the in-process bus has no queue types): quorum (default) or classic. */
  readonly queueType?: 'quorum' | 'classic';
};

export type BusHandlerKind = 'event' | 'request' | 'batch';

/** What the decorators leave under `extras.bus` of the Nest pattern. */
export interface BusPatternExtras {
  readonly kind: BusHandlerKind;
  /** `Class.method`, for logs, health pages and error messages. */
  readonly handler: string;
  /** Options of each queue the method consumes, by queue name (= Nest pattern); a batch handler's carry `maxBatch`. */
  readonly queues: Readonly<Record<string, BusQueueOptions | BusBatchOptions>>;
}

/** Key of the bus declaration in a Nest pattern's extras. */
export const BUS_PATTERN_EXTRAS = 'bus';

const BUS_HANDLER = Symbol('trading:BusHandler');

/**
 * The method handles the events of `queue`. Resolve to ack (after your
 * transaction committed); throw to have the message redelivered, up to
 * `maxDeliveries`, then dead-lettered with the error's message; throw
 * `RejectMessage` to dead-letter it at once with its reason.
 */
export function BusEvent(options: BusQueueOptions): MethodDecorator {
  return busHandler('event', options);
}

/**
 * The method answers the requests of `queue`: it returns the reply
 * `{ topic, envelope }` (or an array of them, or undefined for none), which the
 * transport publishes, confirmed, before it acks the request. A reply is never
 * lost; a request redelivered after its reply went out (a crash before the
 * ack) is answered twice, so repliers are idempotent and the reply's consumers
 * deduplicate by envelope id, as for any message.
 */
export function BusRequest(options: BusQueueOptions): MethodDecorator {
  return busHandler('request', options);
}

/**
 * The method handles the messages of `queue` in ordered batches of up to
 * `maxBatch` (group commit: one transaction per batch). It gets the batch's
 * envelopes (`@Payload()`, in queue order) and a `BusBatchContext` (`@Ctx()`)
 * with the deliveries. Resolve, after the commit, to ack them all, or to a
 * `BatchOutcome` whose `rejected` map (index in the batch → reason) names the
 * messages to dead-letter; throw to have the batch retried under the bus's
 * batch rules (redelivered in order, then one message at a time so a poison
 * message is isolated and dead-lettered after its last delivery).
 */
export function BusBatch(options: BusBatchOptions): MethodDecorator {
  return busHandler('batch', options);
}

/** The bus declaration of a method, if it has one (the boot checks use it to find misplaced handlers). */
export function busPatternExtrasOf(method: unknown): BusPatternExtras | undefined {
  if (typeof method !== 'function') return undefined;
  return Reflect.getMetadata(BUS_HANDLER, method) as BusPatternExtras | undefined;
}

const LABELS: Readonly<Record<BusHandlerKind, string>> = { event: '@BusEvent', request: '@BusRequest', batch: '@BusBatch' };

function busHandler(kind: BusHandlerKind, options: BusQueueOptions | BusBatchOptions): MethodDecorator {
  const label = LABELS[kind];
  return (target, propertyKey, descriptor) => {
    const handler = `${(target as { constructor?: { name?: string } }).constructor?.name ?? 'anonymous'}.${String(propertyKey)}`;
    if (typeof descriptor.value !== 'function') throw new TypeError(`${label} on ${handler}: it decorates methods only`);
    assertQueueOptions(options, `${label} on ${handler}`, kind);
    const method = descriptor.value as object;
    const existing = busPatternExtrasOf(method);
    if (existing && existing.kind !== kind) {
      throw new Error(`${handler} is declared with both ${label} and ${LABELS[existing.kind]}: a method either handles events, answers requests or takes batches`);
    }
    if (existing && Object.hasOwn(existing.queues, options.queue)) throw new Error(`${label} on ${handler}: queue ${options.queue} is declared twice`);
    // Decorators apply bottom-up: putting this one first keeps the queues in source order.
    const queues = { [options.queue]: { ...options, bindings: [...options.bindings] }, ...existing?.queues };
    const extras: BusPatternExtras = { kind, handler, queues };
    Reflect.defineMetadata(BUS_HANDLER, extras, method);
    // A batch handler answers nothing: to Nest it is an event handler.
    const pattern = kind === 'request' ? MessagePattern : EventPattern;
    // Each call rewrites Nest's pattern list with every queue so far (Nest keeps only the last call's list).
    pattern(Object.keys(queues), BUS_TRANSPORT, { [BUS_PATTERN_EXTRAS]: extras })(target, propertyKey, descriptor);
    if (!existing) UseFilters(BUS_EXCEPTION_FILTER)(target, propertyKey, descriptor);
    return descriptor;
  };
}

function assertQueueOptions(options: BusQueueOptions | BusBatchOptions, where: string, kind: BusHandlerKind): void {
  if (typeof options?.queue !== 'string' || options.queue.length === 0) throw new TypeError(`${where}: queue must be a non-empty string`);
  if (!Array.isArray(options.bindings) || options.bindings.length === 0) {
    throw new TypeError(`${where}: queue ${options.queue} needs at least one binding (a route pattern such as signal.*.EURUSD)`);
  }
  const batch = 'maxBatch' in options ? options : undefined;
  if (kind === 'batch' && batch === undefined) throw new TypeError(`${where}: queue ${options.queue} needs maxBatch (most messages in one batch)`);
  if (kind !== 'batch' && batch !== undefined) throw new TypeError(`${where}: maxBatch is for batch handlers: declare queue ${options.queue} with @BusBatch`);
  for (const name of ['prefetch', 'maxDeliveries', 'maxBatch'] as const) {
    const value = (options as Partial<BusBatchOptions>)[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new RangeError(`${where}: ${name} of queue ${options.queue} must be an integer ≥ 1, got ${String(value)}`);
    }
  }
  if (batch?.prefetch !== undefined && batch.prefetch < batch.maxBatch) {
    throw new RangeError(`${where}: prefetch of queue ${options.queue} must be at least maxBatch (${batch.maxBatch}), got ${batch.prefetch}`);
  }
}
