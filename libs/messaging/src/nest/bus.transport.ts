// The Nest microservice transport over the MessageBus port: every handler Nest
// registers (a `@BusEvent` or `@BusRequest` method of a controller) becomes one
// `bus.consume` of its queue at `listen`, and every `@BusBatch` method one
// `bus.consumeBatches`, whose handler gets the batch's envelopes and resolves
// to its BatchOutcome. The bus keeps its own semantics: the
// delivery is acked when the handler's promise resolves, a RejectMessage is
// dead-lettered at once, any other error is redelivered up to maxDeliveries and
// then dead-lettered with its message. The transport only makes sure the
// handler's outcome reaches the bus intact through Nest's layers (pipes,
// guards, interceptors, exception filters), and publishes a request's replies
// before the request is acked.
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { RoutePattern } from '@trading/contracts';
import { isRejectMessage, type BatchOutcome, type ConsumerHandle, type DeliveredMessage, type MessageBus } from '../message-bus.port';
import { BusBatchContext, BusContext } from './bus.context';
import { BUS_PATTERN_EXTRAS, type BusBatchOptions, type BusHandlerKind, type BusPatternExtras, type BusQueueOptions } from './bus-handler.decorators';
import { batchOutcomeOf, handlerFailure, repliesOf, settleHandlerResult } from './bus-handler.outcome';
import { BUS_TRANSPORT } from './messaging.tokens';

/** The project's structured logger fits (`info`/`warn` with fields). */
export interface BusTransportLogger {
  info(message: string, fields?: Record<string, unknown>): unknown;
  warn(message: string, fields?: Record<string, unknown>): unknown;
}

export interface BusTransportOptions {
  /** Where consumer registrations and handler failures are logged; nowhere when absent or false. */
  readonly logger?: BusTransportLogger | false;
  /**
   * Close the bus when the transport closes (after its consumers drained).
   * Default false: whoever opened the bus closes it, after everything that
   * publishes on it (an outbox relay) has stopped.
   */
  readonly closeBusOnShutdown?: boolean;
}

/** A consumer the transport registered, for health pages and tests. */
export interface BusConsumer {
  readonly queue: string;
  readonly bindings: readonly RoutePattern[];
  readonly kind: BusHandlerKind;
  /** `Class.method` */
  readonly handler: string;
}

interface ConsumerPlan {
  readonly consumer: BusConsumer;
  readonly options: BusQueueOptions | BusBatchOptions;
  readonly handle: MessageHandler;
}

export class BusTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = BUS_TRANSPORT;
  private readonly handles: ConsumerHandle[] = [];
  private registered: BusConsumer[] = [];
  private listening = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly bus: MessageBus,
    private readonly options: BusTransportOptions = {},
  ) {
    super();
  }

  /** The consumers currently registered on the bus, in declaration order. */
  consumers(): readonly BusConsumer[] {
    return [...this.registered];
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false, extras: Record<string, unknown> = {}): void {
    const queue = this.normalizePattern(pattern as string);
    const existing = this.messageHandlers.get(queue);
    if (existing) {
      // Nest would chain two event handlers of one pattern, or let a second request handler replace the first.
      throw new Error(`queue ${queue} has two handlers, ${handlerName(existing.extras)} and ${handlerName(extras)}: one queue has one handler; give each its own queue`);
    }
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Cancels the consumers (handlers already running finish and settle), then closes the bus if asked to. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const handles = this.handles.splice(0);
      this.registered = [];
      await Promise.all(handles.map((handle) => handle.cancel()));
      if (this.options.closeBusOnShutdown) await this.bus.close();
    })();
    return this.closing;
  }

  on(): never {
    throw new Error('BusTransport emits no events: its bus reports readiness through isReady()');
  }

  /** The bus this transport consumes from. */
  unwrap<T>(): T {
    return this.bus as T;
  }

  private async start(): Promise<void> {
    if (this.listening) throw new Error('the bus transport is already listening: a transport serves one microservice, once');
    if (this.closing) throw new Error('the bus transport is closed: create a new one');
    this.listening = true;
    // Every handler is checked before the first consumer starts, so a bad declaration consumes nothing.
    const plans = [...this.messageHandlers].map(([pattern, handle]) => planOf(pattern, handle));
    try {
      for (const plan of plans) {
        const { consumer, options } = plan;
        const handle =
          consumer.kind === 'batch'
            ? await this.bus.consumeBatches({ ...(options as BusBatchOptions), handler: (batch) => this.dispatchBatch(plan, batch) })
            : await this.bus.consume({ ...options, handler: (message) => this.dispatch(plan, message) });
        if (this.closing) {
          // Closed while starting: this consumer was not among those close() cancelled.
          await handle.cancel();
          return;
        }
        this.handles.push(handle);
        this.registered.push(consumer);
        this.log('info', `consuming ${consumer.queue} with ${consumer.handler}`, { queue: consumer.queue, bindings: consumer.bindings, handler: consumer.handler });
      }
    } catch (error) {
      // A consumer that could not start (a queue declared differently elsewhere) stops the boot: undo the started ones.
      const handles = this.handles.splice(0);
      this.registered = [];
      await Promise.allSettled(handles.map((handle) => handle.cancel()));
      throw error;
    }
  }

  private async dispatch({ consumer, handle }: ConsumerPlan, message: DeliveredMessage): Promise<void> {
    const isRequest = consumer.kind === 'request';
    let values: unknown[];
    try {
      values = await settleHandlerResult(handle(message.envelope, new BusContext([message, consumer.queue])), isRequest);
    } catch (error) {
      throw this.failed(consumer, message, handlerFailure(error));
    }
    if (!isRequest) return;
    try {
      // Published and confirmed before this promise resolves, hence before the request's ack.
      for (const reply of repliesOf(values, consumer.handler)) await this.bus.publish(reply.topic, reply.envelope);
    } catch (error) {
      throw this.failed(consumer, message, handlerFailure(error));
    }
  }

  private async dispatchBatch({ consumer, handle }: ConsumerPlan, batch: readonly DeliveredMessage[]): Promise<BatchOutcome | void> {
    const envelopes = batch.map((message) => message.envelope);
    let outcome: BatchOutcome | undefined;
    try {
      outcome = batchOutcomeOf(await settleHandlerResult(handle(envelopes, new BusBatchContext([batch, consumer.queue])), true), consumer.handler);
    } catch (error) {
      const failure = handlerFailure(error);
      this.log('warn', isRejectMessage(failure) ? `${consumer.handler} rejected a batch` : `${consumer.handler} failed`, {
        queue: consumer.queue,
        size: batch.length,
        firstMessageId: envelopes[0]?.id,
        deliveryCounts: batch.map((message) => message.deliveryCount),
        error: failure.message,
      });
      throw failure;
    }
    for (const [index, reason] of outcome?.rejected ?? []) {
      const message = batch[index];
      this.log('warn', `${consumer.handler} rejected a message`, { queue: consumer.queue, routingKey: message?.routingKey, messageId: message?.envelope.id, deliveryCount: message?.deliveryCount, error: reason });
    }
    return outcome;
  }

  private failed(consumer: BusConsumer, message: DeliveredMessage, error: Error): Error {
    const rejected = isRejectMessage(error);
    this.log('warn', rejected ? `${consumer.handler} rejected a message` : `${consumer.handler} failed`, {
      queue: consumer.queue,
      routingKey: message.routingKey,
      messageId: message.envelope.id,
      deliveryCount: message.deliveryCount,
      error: error.message,
    });
    return error;
  }

  private log(level: 'info' | 'warn', text: string, fields: Record<string, unknown>): void {
    const { logger } = this.options;
    if (logger) logger[level](text, fields);
  }
}

function planOf(queue: string, handle: MessageHandler): ConsumerPlan {
  const declaration = (handle.extras as Record<string, unknown> | undefined)?.[BUS_PATTERN_EXTRAS] as BusPatternExtras | undefined;
  const options = declaration && Object.hasOwn(declaration.queues, queue) ? declaration.queues[queue] : undefined;
  if (!declaration || !options) {
    throw new Error(
      `pattern ${queue} has no bus queue declaration: declare bus handlers with @BusEvent, @BusRequest or @BusBatch ` +
        `(which name the queue's bindings and limits), not a bare @EventPattern or @MessagePattern`,
    );
  }
  const kind: BusHandlerKind = declaration.kind === 'batch' ? 'batch' : handle.isEventHandler ? 'event' : 'request';
  return { consumer: { queue, bindings: options.bindings, kind, handler: declaration.handler }, options, handle };
}

function handlerName(extras: Record<string, unknown> | undefined): string {
  const declaration = extras?.[BUS_PATTERN_EXTRAS] as BusPatternExtras | undefined;
  return declaration?.handler ?? 'a handler declared without @BusEvent, @BusRequest or @BusBatch';
}
