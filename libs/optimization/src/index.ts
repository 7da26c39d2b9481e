// @trading/optimization: optimisation that does not fool itself. Walk-forward
// TPE studies over a strategy's declared parameter space, the stitched
// out-of-sample record, Monte Carlo on it, the Deflated Sharpe Ratio and the
// Probability of Backtest Overfitting, parameter stability and the verdict,
// and the HTML report. Pure: trials go through the TrialEvaluator port.
export * from './statistics/normal-distribution';
export * from './statistics/moments';
export * from './statistics/deflated-sharpe';
export * from './statistics/backtest-overfitting';
