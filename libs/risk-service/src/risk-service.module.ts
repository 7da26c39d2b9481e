// The risk service as a NestJS module: the controller of risk.inbox and what
// it injects (the desk service, the lockstep receipts, the bus). The
// composition (./risk.service) opens the desk — restored from the journal,
// fail-closed until the venue agrees — before this module boots, so the first
// batch meets a desk that matches the tables.
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import type { MessageBus } from '@trading/messaging';
import { provideBus } from '@trading/messaging/nest';
import type { HandledReceipts } from '@trading/runtime';
import { riskInboxControllerFor } from './bus/risk-inbox.controller';
import { RiskDeskService } from './desk/risk-desk.service';
import { HANDLED_RECEIPTS } from './risk-service.tokens';

export interface RiskModuleOptions {
  readonly bus: MessageBus;
  readonly desk: RiskDeskService;
  readonly receipts: HandledReceipts;
  /** Messages per batch (one transaction each). */
  readonly maxBatch: number;
  /** Queue to consume; the topology's risk.inbox by default. */
  readonly queue?: string;
}

@Module({})
export class RiskModule {
  static forRoot(options: RiskModuleOptions): DynamicModule {
    const bus = provideBus(options.bus);
    return {
      module: RiskModule,
      controllers: [riskInboxControllerFor(options.maxBatch, options.queue)],
      providers: [...bus, { provide: RiskDeskService, useValue: options.desk }, { provide: HANDLED_RECEIPTS, useValue: options.receipts }],
      exports: [RiskDeskService, ...bus],
    };
  }
}
