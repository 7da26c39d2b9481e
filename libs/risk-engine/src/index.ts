// @trading/risk-engine: the pure risk authority. Sizing, pre-trade rule plugins,
// VaR/CVaR, circuit breakers, trading states and the kill switch, and the risk
// desk that turns intents into orders over its book of record, used the same
// way by backtests and by the live risk service.
export * from './risk.types';
export * from './limits.config';
export * from './risk-engine';
export * from './state/trading-state';
export * from './state/risk-memory';
export * from './sizing/position-sizer';
export * from './rules';
export * from './measures/return-history';
export * from './measures/loss-quantile';
export * from './measures/var-result';
export * from './measures/historical-var';
export { conversionRate, midPrice } from './portfolio/currency-rates';
export { PortfolioView, type SymbolBook } from './portfolio/portfolio-view';
export { sessionStart } from './breakers/daily-loss.breaker';
export * from './measures/normal-distribution';
export * from './measures/cholesky';
export * from './measures/parametric-var';
export * from './measures/monte-carlo-var';
export * from './decision-log';
export * from './desk/desk-book';
export * from './desk/desk-tally';
export * from './desk/sizing.policy';
export * from './desk/engine.policy';
export * from './desk/risk-desk';
export * from './desk/risk-summary';
export * from './desk/signal-verdict';
export * from './desk/venue-reconciliation';
