// The event-driven backtest kernel: the paper broker core (orders, fill model,
// exact accounting) that backtests and the live paper broker share, the sizing
// port, streaming metrics, the decision log, and the small loop that drives
// them over bars.
export * from './broker/fill-model';
export * from './broker/order';
export * from './broker/currency.converter';
export * from './broker/paper-broker';
export * from './sizing/sizing.policy';
export * from './sizing/account.view';
export * from './sizing/risk.summary';
export * from './metrics/equity.tracker';
export * from './metrics/performance.metrics';
export * from './decisions/decision-log';
export * from './engine/backtest.engine';
export { type ReportInput, renderHtmlReport } from './report/html-report';
