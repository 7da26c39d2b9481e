// The simulated venue: matching engine and fill model over bars (market,
// limit, stop and trailing-stop orders, position brackets, gaps, spread,
// slippage, commission, swap), booking into its own ledger. It serves the
// backtest and the paper venue of the order-execution service.
export * from './fill-model';
export * from './fill-model.settings';
export * from './order';
export * from './simulated-venue';
export * from './venue-costs';
export * from './venue-log';
