// The market-data service as a NestJS module. Infrastructure (bus, store,
// cache, clocks) is opened by the caller — `trading serve market-data` from the
// environment, `trading run` embedded — and handed in, so both run the same code.
import 'reflect-metadata';
import { Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { createBusMicroservice, provideBus } from '@trading/messaging/nest';
import { MarketDataService, type MarketDataDependencies } from './market-data.service';

export const MARKET_DATA_DEPENDENCIES = Symbol('market-data:dependencies');

@Module({})
export class MarketDataModule {
  static forRoot(dependencies: MarketDataDependencies): DynamicModule {
    const bus = provideBus(dependencies.bus);
    return {
      module: MarketDataModule,
      providers: [
        ...bus,
        { provide: MARKET_DATA_DEPENDENCIES, useValue: dependencies },
        { provide: MarketDataService, useFactory: (deps: MarketDataDependencies) => new MarketDataService(deps), inject: [MARKET_DATA_DEPENDENCIES] },
      ],
      exports: [MarketDataService, ...bus],
    };
  }
}

/**
 * Boots the module as a microservice on the bus transport (no HTTP: /metrics
 * and /health are served by observability). It consumes nothing yet; it is
 * booted like the services that do, so they all start and stop the same way.
 */
export async function createMarketDataApp(dependencies: MarketDataDependencies): Promise<INestMicroservice> {
  // The caller owns the bus, signals and shutdown order (bus, then database): the app leaves the bus open.
  return createBusMicroservice(MarketDataModule.forRoot(dependencies), { bus: dependencies.bus, logger: dependencies.logger });
}
