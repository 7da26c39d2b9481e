// What a Nest service injects to publish: Nest's ClientProxy over the bus port.
// `emit(topic, envelope)` publishes and completes on the broker's confirm.
// State changes are announced through the outbox, not from here: this is for
// messages that change nothing of the service's own (tools, probes, replies
// outside a handler).
import type { Provider } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { from, throwError, type Observable } from 'rxjs';
import type { Envelope, Topic } from '@trading/contracts';
import type { MessageBus } from '../message-bus.port';
import { MESSAGE_BUS } from './messaging.tokens';

const NO_REQUEST_REPLY =
  'the bus has no request/reply correlation: publish the request with emit(topic, envelope); ' +
  'the service that answers declares @BusRequest and publishes its reply as a message, which you consume with @BusEvent';

export class BusClientProxy extends ClientProxy {
  constructor(private readonly bus: MessageBus) {
    super();
  }

  /** The bus is connected by whoever opened it. */
  connect(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to close: the proxy does not own the bus. */
  close(): void {
    return undefined;
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  isReady(): boolean {
    return this.bus.isReady();
  }

  /**
   * Publishes at once and completes (with no value) when the bus has the
   * message, a broker confirm on RabbitMQ; errors if it was refused
   * (unroutable, invalid). Subscribe to it, e.g.
   * `await lastValueFrom(client.emit(topic, envelope), { defaultValue: undefined })`:
   * a failed publish nobody observes is an unhandled rejection, on purpose,
   * since the message did not go out. (Nest's signature is generic in the
   * data; the bus validates the envelope against the contracts registry.)
   */
  override emit<TResult = void, TInput = Envelope>(topic: Topic, envelope: TInput): Observable<TResult> {
    if (typeof topic !== 'string' || topic.length === 0) return throwError(() => new TypeError(`emit needs a topic, got ${String(topic)}`));
    if (typeof envelope !== 'object' || envelope === null) return throwError(() => new TypeError(`emit to ${topic} needs an envelope, got ${String(envelope)}`));
    // Started now, like Nest's emit, but backed by the publish's promise, so a late subscriber still gets the outcome.
    return from(this.dispatchEvent<TResult>({ pattern: topic, data: envelope as unknown as Envelope }));
  }

  override send<TResult = never, TInput = unknown>(pattern: unknown, _data: TInput): Observable<TResult> {
    throw new Error(`BusClientProxy.send(${String(pattern)}): ${NO_REQUEST_REPLY}`);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error(`BusClientProxy.send(${String(packet.pattern)}): ${NO_REQUEST_REPLY}`), isDisposed: true });
    return () => undefined;
  }

  protected async dispatchEvent<T = void>(packet: ReadPacket<Envelope>): Promise<T> {
    await this.bus.publish(packet.pattern as Topic, packet.data);
    return undefined as T;
  }
}

/** The bus under MESSAGE_BUS and a BusClientProxy over it, for a service module's providers (and exports). */
export function provideBus(bus: MessageBus): Provider[] {
  return [
    { provide: MESSAGE_BUS, useValue: bus },
    { provide: BusClientProxy, useFactory: (injected: MessageBus) => new BusClientProxy(injected), inject: [MESSAGE_BUS] },
  ];
}
