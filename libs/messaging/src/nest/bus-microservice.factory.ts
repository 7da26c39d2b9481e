// Boots a service module as a Nest microservice on the bus transport, with no
// HTTP server (observability serves /metrics and /health on its own port) and
// no Nest console logger (services log structured JSON through their own).
// Before it listens it checks where the bus handlers are: Nest routes messages
// to controllers only, and a request-scoped controller would be rebuilt for
// every message, while a consumer needs one instance that lives as long as
// the service.
import type { INestMicroservice } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, NestFactory, type IEntryNestModule } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { MessageBus } from '../message-bus.port';
import { busPatternExtrasOf } from './bus-handler.decorators';
import { BusTransport, type BusConsumer, type BusTransportOptions } from './bus.transport';

export interface BusMicroserviceOptions extends BusTransportOptions {
  readonly bus: MessageBus;
}

const transports = new WeakMap<INestMicroservice, BusTransport>();

/**
 * Creates the application, checks its bus handlers, and starts one consumer
 * per handler queue. Closing the application cancels the consumers (handlers
 * already running finish and settle) before Nest's shutdown hooks run.
 */
export async function createBusMicroservice(module: IEntryNestModule, options: BusMicroserviceOptions): Promise<INestMicroservice> {
  const transport = new BusTransport(options.bus, options);
  let app: INestMicroservice | undefined;
  try {
    app = await NestFactory.createMicroservice<MicroserviceOptions>(module, { strategy: transport, logger: false, abortOnError: false });
    assertBusHandlersPlaced(app.get(ModulesContainer));
    await app.listen();
  } catch (error) {
    if (app) await app.close().catch(() => undefined);
    else if (options.closeBusOnShutdown) await options.bus.close().catch(() => undefined);
    throw error;
  }
  transports.set(app, transport);
  return app;
}

/** The consumers a microservice made by createBusMicroservice registered (queue, bindings, handler), for health pages and tests. */
export function busConsumersOf(app: INestMicroservice): readonly BusConsumer[] {
  const transport = transports.get(app);
  if (!transport) throw new Error('this application was not created by createBusMicroservice: it has no bus consumers to list');
  return transport.consumers();
}

/** Refuses bus handlers Nest would ignore (on a provider) or rebuild per message (request-scoped or transient). */
export function assertBusHandlersPlaced(modules: ModulesContainer): void {
  for (const moduleRef of modules.values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const handler = firstBusHandler(classPrototype(wrapper));
      if (handler && (!wrapper.isDependencyTreeStatic() || wrapper.isTransient)) {
        throw new Error(
          `${handler}: bus handlers must live in singleton controllers, not request-scoped or transient ones ` +
            '(directly or through a request-scoped dependency): a consumer needs one instance that lives as long as the service',
        );
      }
    }
    for (const wrapper of moduleRef.providers.values()) {
      const handler = firstBusHandler(providerPrototype(wrapper));
      if (handler) {
        throw new Error(`${handler}: ${String(wrapper.name)} is a provider, and Nest routes messages to controllers only: list it in its module's controllers`);
      }
    }
  }
}

const scanner = new MetadataScanner();

function firstBusHandler(prototype: object | null): string | undefined {
  if (!prototype) return undefined;
  for (const name of scanner.getAllMethodNames(prototype)) {
    const extras = busPatternExtrasOf((prototype as Record<string, unknown>)[name]);
    if (extras) return extras.handler;
  }
  return undefined;
}

function classPrototype(wrapper: InstanceWrapper): object | null {
  return typeof wrapper.metatype === 'function' ? (wrapper.metatype.prototype as object) : null;
}

/** A class provider's prototype; a factory's or value's product, when it is an object. */
function providerPrototype(wrapper: InstanceWrapper): object | null {
  if (typeof wrapper.metatype === 'function' && !wrapper.inject) return wrapper.metatype.prototype as object;
  const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
  return typeof instance === 'object' && instance !== null ? (Object.getPrototypeOf(instance) as object | null) : null;
}
