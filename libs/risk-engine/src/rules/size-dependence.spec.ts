// After a downsize the engine re-runs only the rules whose verdict depends on
// the order size (`sizeDependent`); the others keep the verdict they gave the
// full order. Each rule here runs beside a stand-in rule that shrinks the
// order, so the decision shows which verdict the rule's flag kept.
import { ManualClock, Quantity } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { RiskEngine } from '../risk-engine';
import type { PortfolioSnapshot, RiskDecision } from '../risk.types';
import { portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { EQUITY, exactMarket, RULE_TIME, sizedEntry, type SizedEntry } from '../testing/single-rule';
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
import { downsize, pass, type RiskRule } from './risk-rule';
import { staleMarketDataRule } from './stale-market-data.rule';
import { tradingStateRule } from './trading-state.rule';

/** A stand-in for the VaR limit: asks once for `lots`, and passes that size. */
const shrinkTo = (lots: string): RiskRule => ({
  code: 'SHRINK',
  sizeDependent: true,
  check: (context) => (context.order.size.toString() === lots ? pass('SHRINK', `${lots} lots fit`) : downsize('SHRINK', `shrink to ${lots}`, Quantity.of(lots))),
});

function decideShrunk(rule: RiskRule, entry: SizedEntry, lots: string, portfolio: PortfolioSnapshot = portfolioOf(EQUITY), prepare?: (engine: RiskEngine) => void): RiskDecision {
  const engine = new RiskEngine({ clock: new ManualClock(RULE_TIME), limits: parseRiskLimits({}), rules: [rule, shrinkTo(lots)] });
  prepare?.(engine);
  return engine.decide({ signal: entry.signal, portfolio, market: entry.market, history: null });
}

describe('which verdicts a downsize re-checks', () => {
  it('the size-dependent rules judge 1 lot of EURUSD (10 pip stop, mid 1.1) again at the 0.5 lots it was shrunk to', () => {
    // 0.5 lot: 50.00 USD at the stop, 55,000 USD of notional (0.55x), 55,000 / 30 = 1,833.33 of margin.
    const cases: [RiskRule, object][] = [
      [maxRiskPerTradeRule, { detail: 'risk at stop 50.00 of 1000.00 USD', measure: { value: 50, limit: 1000, unit: 'USD' } }],
      [maxOpenRiskRule, { detail: 'open risk 50.00 of 4000.00 USD', measure: { value: 50, limit: 4000, unit: 'USD' } }],
      [maxPositionSizeRule, { detail: 'EURUSD position 0.5 of 10 lots', measure: { value: 0.5, limit: 10, unit: 'lots' } }],
      [grossExposureRule, { detail: 'gross leverage 0.5500 of 10', measure: { value: 0.55, limit: 10, unit: 'leverage' } }],
      [netExposureRule, { detail: 'net leverage 0.5500 of 5', measure: { value: 0.55, limit: 5, unit: 'leverage' } }],
      [currencyExposureRule, { detail: 'EUR 0.5500×', measure: { value: 0.55, limit: 5, unit: 'leverage' } }],
      [marginRule, { detail: 'margin 1833.33 of 50000.00 USD', measure: { value: 1833.33, limit: 50_000, unit: 'USD' } }],
    ];
    for (const [rule, verdict] of cases) {
      const decision = decideShrunk(rule, sizedEntry('EURUSD', 'BUY', '1'), '0.5');
      expect({ decision: decision.decision, size: decision.size, downsizedFrom: decision.downsizedFrom, checks: decision.checks }).toEqual({
        decision: 'approved',
        size: '0.5',
        downsizedFrom: '1',
        checks: [{ code: rule.code, pass: true, ...verdict }, { code: 'SHRINK', pass: true, detail: '0.5 lots fit' }],
      });
    }
  });

  it('HALTED: a close of the whole 1 lot held passes, but shrunk to 0.5 lots it no longer flattens and is refused', () => {
    const portfolio = portfolioOf(EQUITY, { positions: [positionOf('EURUSD', 'BUY', '1', 1.1, 1.099)] });
    const exit = { signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), market: exactMarket() };
    const decision = decideShrunk(tradingStateRule, exit, '0.5', portfolio, (engine) => engine.killSwitch(portfolio, exactMarket(), 'test'));
    expect({ decision: decision.decision, reason: decision.reason, size: decision.size, downsizedFrom: decision.downsizedFrom, check: decision.checks[0] }).toEqual({
      decision: 'rejected',
      reason: 'TRADING_HALTED',
      size: '0.5',
      downsizedFrom: '1',
      check: { code: 'TRADING_STATE', pass: false, reason: 'TRADING_HALTED', message: 'trading is HALTED: only orders that flatten a position pass, not SELL 0.5 EURUSD' },
    });
  });

  it('the size-independent rules keep the verdict they gave a 2 lot sell of the 1 lot long, though shrunk to 1 lot it only closes', () => {
    const portfolio = portfolioOf(EQUITY, { positions: [positionOf('EURUSD', 'BUY', '1', 1.1, 1.099)] });
    // Re-checked, each of them would now answer "order only reduces an existing position".
    const cases: [RiskRule, object][] = [
      [staleMarketDataRule, { detail: 'latest data 0 ms old', measure: { value: 0, limit: 7_200_000, unit: 'ms' } }],
      [duplicateSignalRule, { detail: 'first entry of its kind in the window' }],
      [orderRateRule, { detail: '0/0 strategy and 0/0 overall orders in the last second/minute', measure: { value: 0, limit: 20, unit: 'orders per minute' } }],
      [maxSpreadRule, { detail: 'spread 0.000 pips', measure: { value: 0, limit: 3, unit: 'pips' } }],
      [minStopDistanceRule, { detail: 'stop 10.00 pips from entry', measure: { value: 10, limit: 5, unit: 'pips (minimum)' } }],
      [maxOpenPositionsRule, { detail: '1 of 6 positions', measure: { value: 1, limit: 6, unit: 'positions' } }],
      [correlationRule, { detail: 'highest directional correlation 0.000', measure: { value: 0, limit: 0.8, unit: 'correlation' } }],
    ];
    for (const [rule, verdict] of cases) {
      const decision = decideShrunk(rule, sizedEntry('EURUSD', 'SELL', '2'), '1', portfolio);
      expect({ decision: decision.decision, size: decision.size, downsizedFrom: decision.downsizedFrom, reduceOnly: decision.order?.reduceOnly, check: decision.checks[0] }).toEqual({
        decision: 'approved',
        size: '1',
        downsizedFrom: '2',
        reduceOnly: true,
        check: { code: rule.code, pass: true, ...verdict },
      });
    }
  });
});
