// The market-data service as a NestJS module. Infrastructure (bus, store,
// cache, clocks) is opened by the caller — `trading serve market-data` from the
// environment, `trading run` embedded — and handed in, so both run the same code.
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { MessagingModule } from '@trading/messaging/nest';
import { MarketDataService, type MarketDataDependencies } from './market-data.service';

export const MARKET_DATA_DEPENDENCIES = Symbol('market-data:dependencies');

@Module({})
export class MarketDataModule {
  static forRoot(dependencies: MarketDataDependencies): DynamicModule {
    return {
      module: MarketDataModule,
      imports: [MessagingModule.forRoot({ useFactory: () => dependencies.bus, closeBusOnShutdown: false })],
      providers: [
        { provide: MARKET_DATA_DEPENDENCIES, useValue: dependencies },
        { provide: MarketDataService, useFactory: (deps: MarketDataDependencies) => new MarketDataService(deps), inject: [MARKET_DATA_DEPENDENCIES] },
      ],
      exports: [MarketDataService],
    };
  }
}

/** Boots the module as an application context (no HTTP: /metrics and /health are served by observability). */
export async function createMarketDataApp(dependencies: MarketDataDependencies): Promise<INestApplicationContext> {
  // The caller owns signals and shutdown order (bus, then database), so no Nest shutdown hooks here.
  return NestFactory.createApplicationContext(MarketDataModule.forRoot(dependencies), { logger: false, abortOnError: false });
}
