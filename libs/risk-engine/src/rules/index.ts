// The pre-trade rules, in the order their verdicts appear in a decision record.
// Every rule runs on every decision (no short-circuit); add a rule here.
import { correlationRule } from './correlation.rule';
import { currencyExposureRule } from './currency-exposure.rule';
import { duplicateSignalRule } from './duplicate-signal.rule';
import { grossExposureRule } from './gross-exposure.rule';
import { marginRule } from './margin.rule';
import { maxOpenPositionsRule } from './max-open-positions.rule';
import { maxOpenRiskRule } from './max-open-risk.rule';
import { maxPositionSizeRule } from './max-position-size.rule';
import { maxRiskPerTradeRule } from './max-risk-per-trade.rule';
import { maxSpreadRule } from './max-spread.rule';
import { minStopDistanceRule } from './min-stop-distance.rule';
import { netExposureRule } from './net-exposure.rule';
import { orderRateRule } from './order-rate.rule';
import { portfolioVarRule } from './portfolio-var.rule';
import type { RiskRule } from './risk-rule';
import { staleMarketDataRule } from './stale-market-data.rule';
import { tradingStateRule } from './trading-state.rule';

export const DEFAULT_RISK_RULES: readonly RiskRule[] = Object.freeze([
  tradingStateRule,
  staleMarketDataRule,
  duplicateSignalRule,
  orderRateRule,
  maxSpreadRule,
  minStopDistanceRule,
  maxRiskPerTradeRule,
  maxOpenRiskRule,
  maxPositionSizeRule,
  maxOpenPositionsRule,
  grossExposureRule,
  netExposureRule,
  currencyExposureRule,
  correlationRule,
  marginRule,
  portfolioVarRule,
]);

export {
  correlationRule,
  currencyExposureRule,
  duplicateSignalRule,
  grossExposureRule,
  marginRule,
  maxOpenPositionsRule,
  maxOpenRiskRule,
  maxPositionSizeRule,
  maxRiskPerTradeRule,
  maxSpreadRule,
  minStopDistanceRule,
  netExposureRule,
  orderRateRule,
  portfolioVarRule,
  staleMarketDataRule,
  tradingStateRule,
};
export * from './risk-rule';
