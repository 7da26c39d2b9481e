// An order that only closes or shrinks a position never adds exposure, so the
// exposure, size and history rules let it through and say so instead of a
// measure, whatever their limits (set tight here) and with no return history.
import { portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { decideAlone, EQUITY, exactMarket, expectApproved } from '../testing/single-rule';
import { correlationRule } from './correlation.rule';
import { currencyExposureRule } from './currency-exposure.rule';
import { grossExposureRule } from './gross-exposure.rule';
import { marginRule } from './margin.rule';
import { maxOpenPositionsRule } from './max-open-positions.rule';
import { maxPositionSizeRule } from './max-position-size.rule';
import { netExposureRule } from './net-exposure.rule';
import { portfolioVarRule } from './portfolio-var.rule';

describe('orders that only reduce a position', () => {
  // Long 3 lots of EURUSD (3.3x gross and net, 11,000 of margin) and long 1 GBPUSD, which correlates with it.
  const portfolio = portfolioOf(EQUITY, { positions: [positionOf('EURUSD', 'BUY', '3', 1.1, 1.099), positionOf('GBPUSD', 'BUY', '1', 1.25, 1.249)] });
  const limits = { maxPositionLots: 1, maxOpenPositions: 1, maxGrossLeverage: 1, maxNetLeverage: 1, maxCurrencyLeverage: 1, maxMarginUsage: 0.01, correlation: { threshold: 0 } };
  const exit = { signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), market: exactMarket() };

  it.each([correlationRule, currencyExposureRule, grossExposureRule, marginRule, maxOpenPositionsRule, maxPositionSizeRule, netExposureRule, portfolioVarRule])(
    '$code lets the sale of the 3 lots held through unmeasured',
    (rule) => {
      expectApproved(decideAlone(rule, exit, { limits, portfolio, history: null }), '3', { code: rule.code, detail: 'order only reduces an existing position' });
    },
  );
});
