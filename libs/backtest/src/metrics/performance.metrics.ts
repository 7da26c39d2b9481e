// Backtest metrics from the streamed equity statistics and the closed trades.
// Returns are per equity sample (per bar); they are annualised with the number
// of bars in an FX trading year: 52 weeks of 5 days of 24 hours, so an H1 run
// annualises with sqrt(6240) and a D1 run with sqrt(260). Risk-free rate 0.
import { type Timeframe, timeframeMs } from '@trading/domain';
import type { ClosedTrade, CostsPaid } from '@trading/portfolio';
import type { EquityStats } from './equity.tracker';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
export const FX_TRADING_DAYS_PER_YEAR = 52 * 5;

export interface PerformanceMetrics {
  readonly totalReturn: number;
  readonly annualisedReturn: number;
  readonly volatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number | null;
  readonly maxDrawdown: number;
  readonly maxDrawdownDays: number;
  readonly winRate: number;
  /** Gross profit over gross loss of closed trades; null when no trade lost. */
  readonly profitFactor: number | null;
  /** Mean net P&L per trade, account currency. */
  readonly expectancy: number;
  readonly averageWin: number;
  readonly averageLoss: number;
  readonly exposure: number;
  readonly trades: number;
  /** Notional traded over initial equity. */
  readonly turnover: number;
  /** Commission + spread + slippage + net swap paid, account currency. */
  readonly costsPaid: number;
}

export function periodsPerYear(timeframe: Timeframe): number {
  return (FX_TRADING_DAYS_PER_YEAR * DAY_MS) / timeframeMs(timeframe);
}

export function computeMetrics(stats: EquityStats, trades: readonly ClosedTrade[], costs: CostsPaid, timeframe: Timeframe): PerformanceMetrics {
  const perYear = periodsPerYear(timeframe);
  const totalReturn = stats.finalEquity / stats.initialEquity - 1;
  const years = stats.samples > 1 ? (stats.lastTime - stats.firstTime) / YEAR_MS : 0;
  const annualisedReturn = years > 0 && totalReturn > -1 ? (1 + totalReturn) ** (1 / years) - 1 : 0;
  const scale = Math.sqrt(perYear);
  let grossProfit = 0;
  let grossLoss = 0;
  let wins = 0;
  let losses = 0;
  let net = 0;
  for (const trade of trades) {
    const pnl = trade.netPnl.toNumber();
    net += pnl;
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
    } else if (pnl < 0) {
      losses++;
      grossLoss -= pnl;
    }
  }
  const count = trades.length;
  return {
    totalReturn,
    annualisedReturn,
    volatility: stats.stdReturn * scale,
    sharpe: stats.stdReturn > 0 ? (stats.meanReturn / stats.stdReturn) * scale : 0,
    sortino: stats.downsideDeviation > 0 ? (stats.meanReturn / stats.downsideDeviation) * scale : 0,
    calmar: stats.maxDrawdown > 0 ? annualisedReturn / stats.maxDrawdown : null,
    maxDrawdown: stats.maxDrawdown,
    maxDrawdownDays: stats.maxDrawdownDurationMs / DAY_MS,
    winRate: count > 0 ? wins / count : 0,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    expectancy: count > 0 ? net / count : 0,
    averageWin: wins > 0 ? grossProfit / wins : 0,
    averageLoss: losses > 0 ? -grossLoss / losses : 0,
    exposure: stats.exposure,
    trades: count,
    turnover: costs.notionalTraded.toNumber() / stats.initialEquity,
    costsPaid: costs.commission.plus(costs.spread).plus(costs.slippage).plus(costs.swap).toNumber(),
  };
}
