// MessagingModule.forRoot({ useFactory }) gives a NestJS application the bus:
// the MessageBus port under MESSAGE_BUS, a MessagePublisher, and the discovery
// of `@OnMessage` handlers. The factory picks the adapter (in-process or
// RabbitMQ), so the same services run in the embedded and the distributed run.
import 'reflect-metadata';
import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type OptionalFactoryDependency } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { MessageBus } from '../message-bus.port';
import { MessageHandlerExplorer, type MessagingModuleRuntimeOptions } from './message-handler.explorer';
import { MessagePublisher } from './message-publisher.service';
import { MESSAGE_BUS, MESSAGING_MODULE_OPTIONS } from './messaging.tokens';

export interface MessagingModuleOptions {
  /** Creates (and connects) the bus; called once, with the injected dependencies. */
  readonly useFactory: (...dependencies: never[]) => MessageBus | Promise<MessageBus>;
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  /** Modules providing what `inject` names (e.g. the config module). */
  readonly imports?: ModuleMetadata['imports'];
  /** Close the bus when the application shuts down. Default true. */
  readonly closeBusOnShutdown?: boolean;
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const runtime: MessagingModuleRuntimeOptions = { closeBusOnShutdown: options.closeBusOnShutdown ?? true };
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: MESSAGE_BUS, useFactory: options.useFactory as (...args: unknown[]) => MessageBus | Promise<MessageBus>, inject: options.inject ?? [] },
        { provide: MESSAGING_MODULE_OPTIONS, useValue: runtime },
        MessagePublisher,
        MessageHandlerExplorer,
      ],
      exports: [MESSAGE_BUS, MessagePublisher, MessageHandlerExplorer],
    };
  }
}
