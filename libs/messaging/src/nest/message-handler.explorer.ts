// Finds every `@OnMessage` method of the application's providers and
// controllers at bootstrap (after every module initialised, so the handlers'
// own dependencies are ready) and registers a consumer for each on the bus.
// On shutdown it cancels them first (in-flight handlers finish and ack), and
// closes the bus last if the module owns it.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { ConsumerHandle, DeliveredMessage, MessageBus } from '../message-bus.port';
import { onMessageOptionsOf } from './on-message.decorator';
import { MESSAGE_BUS, MESSAGING_MODULE_OPTIONS } from './messaging.tokens';

export interface MessagingModuleRuntimeOptions {
  /** Close the bus when the application shuts down. Default true. */
  readonly closeBusOnShutdown: boolean;
}

export interface RegisteredHandler {
  readonly queue: string;
  readonly provider: string;
  readonly method: string;
}

@Injectable()
export class MessageHandlerExplorer implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly handles: ConsumerHandle[] = [];
  private readonly registered: RegisteredHandler[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(MESSAGING_MODULE_OPTIONS) private readonly options: MessagingModuleRuntimeOptions,
  ) {}

  /** The consumers this explorer registered (for health pages and tests). */
  handlers(): readonly RegisteredHandler[] {
    return this.registered;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        // Scoped instances come and go per request; a consumer needs one that lives as long as the app.
        const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype ?? null;
        const marked = this.scanner.getAllMethodNames(prototype).find((name) => onMessageOptionsOf((prototype as Record<string, unknown>)[name]).length > 0);
        if (marked) throw new Error(`@OnMessage on ${String(wrapper.name)}.${marked}: message handlers must live in singleton providers, not request- or transient-scoped ones`);
        continue;
      }
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName];
        const marks = onMessageOptionsOf(method);
        if (marks.length === 0) continue;
        const handler = (method as (message: DeliveredMessage) => Promise<void>).bind(instance);
        for (const mark of marks) {
          this.handles.push(await this.bus.consume({ ...mark, handler: (message) => handler(message) }));
          this.registered.push({ queue: mark.queue, provider: String(wrapper.name), method: methodName });
          this.logger.log(`consuming ${mark.queue} (${mark.bindings.join(', ')}) with ${String(wrapper.name)}.${methodName}`);
        }
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    // Stop taking messages and let in-flight handlers finish while their dependencies still exist.
    const handles = this.handles.splice(0);
    await Promise.all(handles.map((handle) => handle.cancel()));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.options.closeBusOnShutdown) await this.bus.close();
  }
}
