// @trading/optimization: optimisation that does not fool itself. Walk-forward
// TPE studies over a strategy's declared parameter space, the stitched
// out-of-sample record, Monte Carlo on it, the Deflated Sharpe Ratio and the
// Probability of Backtest Overfitting, parameter stability and the verdict,
// and the HTML report. Pure: trials go through the TrialEvaluator port.
export * from './statistics/normal-distribution';
export * from './statistics/moments';
export * from './statistics/deflated-sharpe';
export * from './statistics/backtest-overfitting';
export * from './windows/duration';
export * from './windows/walk-forward-windows';
export * from './evaluation/trial-settings';
export * from './evaluation/window-metrics';
export { dailyReturns, type CurveSample, type PeriodReturns } from './evaluation/period-returns';
export { evaluateTrial, runWindow, type TrialOutcome, type TrialWindow, type WindowRun, type WindowRunInput } from './evaluation/trial-evaluator';
export * from './evaluation/evaluator.port';
export { warmupBars } from './evaluation/warmup';
export { suggestParameters } from './search/search-space';
export { FoldStudy, bestTrial, type StudyPlan, type TrialRecord } from './search/fold-study';
export * from './monte-carlo/bootstrap';
export * from './stability/parameter-stability';
export * from './verdict/verdict';
export type { OutOfSampleRecord, TestWindowRecord } from './walk-forward/out-of-sample';
export { runFoldStudy } from './walk-forward/walk-forward';
export * from './pipeline/optimize';
export { optimizationSummary, trialLines } from './pipeline/optimization-summary';
export { renderOptimizationReport } from './report/optimization-report';
