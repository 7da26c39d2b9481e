// The strategy services (scalping, intraday, swing): the kernel's
// StrategyHost on the bus, warmed up from bar history, taking promoted
// parameters at bar boundaries. serveStrategy is the composition the apps and
// `trading serve` run; createStrategyService is what `trading run` embeds.
export * from './strategy-service.config';
export * from './strategy-service.metrics';
export * from './strategy.service';
export * from './strategy-bus.consumer';
export * from './create-strategy-service';
export * from './serve/serve-strategy';
export { promotionVersion } from './handling/parameters-update';
export * from './serve/strategy-process';
