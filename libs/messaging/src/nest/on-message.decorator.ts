// `@OnMessage({ queue, bindings, ... })` marks a provider method as the handler
// of a bus consumer. The explorer finds the marks at application bootstrap and
// registers one consumer per mark, so a service declares what it consumes
// without touching the bus or any broker library.
import type { ConsumerSpec } from '../message-bus.port';

/** Everything of a ConsumerSpec but the handler, which is the decorated method. */
export type OnMessageOptions = Omit<ConsumerSpec, 'handler'> & {
  /** RabbitMQ only (ignored by the in-process bus): quorum (default) or classic. */
  readonly queueType?: 'quorum' | 'classic';
};

const ON_MESSAGE = Symbol('trading:OnMessage');

export function OnMessage(options: OnMessageOptions): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    if (typeof descriptor.value !== 'function') {
      throw new TypeError(`@OnMessage(${options.queue}) must decorate a method, not ${String(propertyKey)}`);
    }
    const existing = (Reflect.getMetadata(ON_MESSAGE, descriptor.value) as OnMessageOptions[] | undefined) ?? [];
    // A method may consume several queues; each mark becomes its own consumer. Decorators
    // apply bottom-up, so prepending keeps the marks in source order.
    Reflect.defineMetadata(ON_MESSAGE, [options, ...existing], descriptor.value);
    return descriptor;
  };
}

export function onMessageOptionsOf(method: unknown): readonly OnMessageOptions[] {
  if (typeof method !== 'function') return [];
  return (Reflect.getMetadata(ON_MESSAGE, method) as OnMessageOptions[] | undefined) ?? [];
}
