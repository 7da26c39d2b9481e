// The trading kernel driven message by message, as the services run it: the
// strategies, the risk desk and the simulated venue each behind a handler that
// takes envelopes and publishes envelopes. The backtest drives the same
// objects by direct calls; the parity spec shows both give one decision log.
export * from './publish';
export * from './strategy.host';
export * from './risk.host';
export * from './risk-announcements';
export * from './venue.host';
export * from './held-inputs';
export * from './replay-messages';
