// The backtest: the driver that feeds bars through the trading kernel (the
// simulated venue, the risk desk, the strategies), streaming metrics, and the
// self-contained HTML report.
export * from './metrics/equity.tracker';
export * from './metrics/performance.metrics';
export * from './engine/backtest.config';
export * from './engine/backtest.engine';
export { type StrategyRun, barsThatDrive, canonicalFeeds } from './engine/feed-plan';
export * from './engine/run-header';
export { type ReportInput, renderHtmlReport } from './report/html-report';
