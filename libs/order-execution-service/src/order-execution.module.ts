// The order-execution service as a NestJS module: the controller of its queue
// and what it injects (the handler, the lockstep receipts, the bus). The
// composition (./order-execution.service) builds the handler and rebuilds its
// venue before this module boots, so the first message meets a venue that
// matches the tables.
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import type { MessageBus } from '@trading/messaging';
import { provideBus } from '@trading/messaging/nest';
import type { HandledReceipts } from '@trading/runtime';
import { ordersControllerFor } from './bus/orders.controller';
import { ExecutionHandler } from './execution.handler';
import { HANDLED_RECEIPTS } from './order-execution.tokens';

export interface OrderExecutionModuleOptions {
  readonly bus: MessageBus;
  /** Recovered (its venue rebuilt from the journal) before the module boots. */
  readonly handler: ExecutionHandler;
  readonly receipts: HandledReceipts;
  /** Messages per batch, one transaction each (ORDER_EXECUTION_MAX_BATCH). */
  readonly maxBatch: number;
  /** Queue to consume; the topology's by default. */
  readonly queue?: string;
}

@Module({})
export class OrderExecutionModule {
  static forRoot(options: OrderExecutionModuleOptions): DynamicModule {
    const bus = provideBus(options.bus);
    return {
      module: OrderExecutionModule,
      controllers: [ordersControllerFor(options.maxBatch, options.queue)],
      providers: [...bus, { provide: ExecutionHandler, useValue: options.handler }, { provide: HANDLED_RECEIPTS, useValue: options.receipts }],
      exports: [ExecutionHandler, ...bus],
    };
  }
}
