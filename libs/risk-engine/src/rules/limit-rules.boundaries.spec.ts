// The rules on size, money and exposure, each alone in a real engine: the
// order they let through, the order exactly at the limit (passes), and one
// smallest step past it (one lot step, one cent, the next correlation),
// each with the reason, message and measure the decision carries. Limits are
// set off their defaults so a rule that ignored its setting would be seen.
// Money is exact by choice of prices (see testing/single-rule): a lot of a
// USD-based pair is 100,000 USD of notional and 3,333.33 USD of margin (1/30).
import { positionOf, portfolioOf, marketAt, signalOf } from '../testing/risk.builders';
import { fxReturnHistory } from '../testing/shared-fx-returns';
import { decideAlone, EQUITY, expectApproved, expectRejected, RULE_TIME, sizedEntry } from '../testing/single-rule';
import { parseRiskLimits } from '../limits.config';
import { historicalVar } from '../measures/historical-var';
import type { OpenOrder, Position } from '../risk.types';
import { correlationRule } from './correlation.rule';
import { currencyExposureRule } from './currency-exposure.rule';
import { grossExposureRule } from './gross-exposure.rule';
import { marginRule } from './margin.rule';
import { maxOpenPositionsRule } from './max-open-positions.rule';
import { maxOpenRiskRule } from './max-open-risk.rule';
import { maxPositionSizeRule } from './max-position-size.rule';
import { maxRiskPerTradeRule } from './max-risk-per-trade.rule';
import { netExposureRule } from './net-exposure.rule';
import { portfolioVarRule } from './portfolio-var.rule';

const holding = (positions: Position[], openOrders: OpenOrder[] = []) => portfolioOf(EQUITY, { positions, openOrders });
const workingOrder = (symbol: string, lots: string, entryPrice: number, stopPrice: number): OpenOrder => ({
  clientOrderId: `w-${symbol}`,
  symbol,
  side: 'BUY',
  size: positionOf(symbol, 'BUY', lots, entryPrice).size,
  entryPrice,
  stopPrice,
});

describe('MAX_RISK_PER_TRADE at its boundaries', () => {
  const rule = maxRiskPerTradeRule;

  it('0.8 % of 100,000 USD: 8 lots of EURUSD over a 10 pip stop risk exactly 800.00 and pass; over 10.0001 pips they risk 800.01', () => {
    const limits = { maxRiskPerTrade: 0.008, sizing: { kelly: { cap: 0.008 } } };
    // 8 x 100,000 x 0.001 = 800.00; 8 x 100,000 x 0.00100001 = 800.008, 800.01 to the cent.
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '8'), { limits }), '8', {
      code: 'MAX_RISK_PER_TRADE',
      detail: 'risk at stop 800.00 of 800.00 USD',
      measure: { value: 800, limit: 800, unit: 'USD' },
    });
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '8', { stopPips: 10.0001 }), { limits }), '8', {
      code: 'MAX_RISK_PER_TRADE',
      reason: 'MAX_RISK_PER_TRADE',
      message: 'risk at stop 800.01 USD exceeds 800.00 (0.008 of equity)',
      measure: { value: 800.01, limit: 800, unit: 'USD' },
    });
  });

  it('values a USDCHF stop in USD: 4 lots x 10 pips is 400 CHF = 500.00 USD at 0.8 (passes 0.5 %); 4.01 lots is 501.25', () => {
    const limits = { maxRiskPerTrade: 0.005, sizing: { kelly: { cap: 0.005 } } };
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'SELL', '4'), { limits }), '4', {
      code: 'MAX_RISK_PER_TRADE',
      detail: 'risk at stop 500.00 of 500.00 USD',
      measure: { value: 500, limit: 500, unit: 'USD' },
    });
    expectRejected(decideAlone(rule, sizedEntry('USDCHF', 'SELL', '4.01'), { limits }), '4.01', {
      code: 'MAX_RISK_PER_TRADE',
      reason: 'MAX_RISK_PER_TRADE',
      message: 'risk at stop 501.25 USD exceeds 500.00 (0.005 of equity)',
      measure: { value: 501.25, limit: 500, unit: 'USD' },
    });
  });
});

describe('MAX_OPEN_RISK at its boundaries (2 % of 100,000 USD = 2,000.00)', () => {
  const rule = maxOpenRiskRule;
  const limits = { maxOpenRisk: 0.02 };
  // Held: 5 lots of EURUSD from the 1.1 mid to the 1.099 stop = 500; working: 3 lots of GBPUSD from 1.25 to 1.248 = 600.
  const portfolio = holding([positionOf('EURUSD', 'BUY', '5', 1.1, 1.099)], [workingOrder('GBPUSD', '3', 1.25, 1.248)]);

  it('a new 9 lots over 10 pips (900) brings the open risk to exactly 2,000.00 and passes; over 10.0001 pips (900.009) it is 2,000.01', () => {
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '9'), { limits, portfolio }), '9', {
      code: 'MAX_OPEN_RISK',
      detail: 'open risk 2000.00 of 2000.00 USD',
      measure: { value: 2000, limit: 2000, unit: 'USD' },
    });
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '9', { stopPips: 10.0001 }), { limits, portfolio }), '9', {
      code: 'MAX_OPEN_RISK',
      reason: 'MAX_OPEN_RISK',
      message: 'open risk at stops would be 2000.01 USD, over 2000.00 (0.02 of equity)',
      measure: { value: 2000.01, limit: 2000, unit: 'USD' },
    });
  });

  it('counts a position without a stop at 2 ATR (ATR 10 pips): 2.5 lots x 0.002 = 500, the same 2,000.00', () => {
    const noStop = holding([positionOf('EURUSD', 'BUY', '2.5', 1.1)], [workingOrder('GBPUSD', '3', 1.25, 1.248)]);
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '9'), { limits, portfolio: noStop }), '9', {
      code: 'MAX_OPEN_RISK',
      detail: 'open risk 2000.00 of 2000.00 USD',
      measure: { value: 2000, limit: 2000, unit: 'USD' },
    });
  });
});

describe('MAX_POSITION_SIZE at its boundaries', () => {
  const rule = maxPositionSizeRule;
  const limits = { maxPositionLots: 5, maxPositionLotsBySymbol: { EURUSD: 2 } };
  const passes = (symbol: string, lots: number, limit: number) => ({
    code: 'MAX_POSITION_SIZE',
    detail: `${symbol} position ${lots} of ${limit} lots`,
    measure: { value: lots, limit, unit: 'lots' },
  });
  const refused = (symbol: string, lots: number, limit: number) => ({
    code: 'MAX_POSITION_SIZE',
    reason: 'MAX_POSITION_SIZE',
    message: `${symbol} position would be ${lots} lots, over the ${limit} lot limit`,
    measure: { value: lots, limit, unit: 'lots' },
  });

  it('GBPUSD (5 lot limit): 3 held + 1 working + 1 bought is exactly 5 and passes; + 1.01 is refused', () => {
    const portfolio = holding([positionOf('GBPUSD', 'BUY', '3', 1.25, 1.249)], [workingOrder('GBPUSD', '1', 1.248, 1.247)]);
    expectApproved(decideAlone(rule, sizedEntry('GBPUSD', 'BUY', '1'), { limits, portfolio }), '1', passes('GBPUSD', 5, 5));
    expectRejected(decideAlone(rule, sizedEntry('GBPUSD', 'BUY', '1.01'), { limits, portfolio }), '1.01', refused('GBPUSD', 5.01, 5));
  });

  it('a short counts by its size: 3 held short + 2 sold is 5, + 2.01 sold is refused', () => {
    const portfolio = holding([positionOf('GBPUSD', 'SELL', '3', 1.25, 1.251)]);
    expectApproved(decideAlone(rule, sizedEntry('GBPUSD', 'SELL', '2'), { limits, portfolio }), '2', passes('GBPUSD', 5, 5));
    expectRejected(decideAlone(rule, sizedEntry('GBPUSD', 'SELL', '2.01'), { limits, portfolio }), '2.01', refused('GBPUSD', 5.01, 5));
  });

  it('the EURUSD override of 2 lots holds for EURUSD only: 2 passes, 2.01 is refused', () => {
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '2'), { limits }), '2', passes('EURUSD', 2, 2));
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '2.01'), { limits }), '2.01', refused('EURUSD', 2.01, 2));
  });
});

describe('MAX_OPEN_POSITIONS at its boundaries (2 instruments)', () => {
  const rule = maxOpenPositionsRule;
  const limits = { maxOpenPositions: 2 };
  const usdchf = positionOf('USDCHF', 'BUY', '1', 0.8, 0.799);

  it('with USDCHF held, a EURUSD entry is the second instrument and passes; with a GBPUSD order working too it is the third', () => {
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), { limits, portfolio: holding([usdchf]) }), '1', {
      code: 'MAX_OPEN_POSITIONS',
      detail: '2 of 2 positions',
      measure: { value: 2, limit: 2, unit: 'positions' },
    });
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), { limits, portfolio: holding([usdchf], [workingOrder('GBPUSD', '1', 1.248, 1.247)]) }), '1', {
      code: 'MAX_OPEN_POSITIONS',
      reason: 'MAX_OPEN_POSITIONS',
      message: '2 positions are open, the limit is 2',
      measure: { value: 3, limit: 2, unit: 'positions' },
    });
  });

  it('adding to an instrument already held opens nothing new, at the limit', () => {
    const portfolio = holding([usdchf, positionOf('EURUSD', 'BUY', '1', 1.1, 1.099)]);
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), { limits, portfolio }), '1', {
      code: 'MAX_OPEN_POSITIONS',
      detail: '2 of 2 positions',
      measure: { value: 2, limit: 2, unit: 'positions' },
    });
  });
});

describe('MAX_GROSS_EXPOSURE at its boundaries (3x equity)', () => {
  const rule = grossExposureRule;
  const limits = { maxGrossLeverage: 3 };

  it('short 1 USDCAD (100,000) and long 2 USDCHF (200,000) is exactly 3x and passes; 2.01 USDCHF is 3.01x', () => {
    const portfolio = holding([positionOf('USDCAD', 'SELL', '1', 1.25, 1.251)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '2'), { limits, portfolio }), '2', {
      code: 'MAX_GROSS_EXPOSURE',
      detail: 'gross leverage 3.000 of 3',
      measure: { value: 3, limit: 3, unit: 'leverage' },
    });
    expectRejected(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '2.01'), { limits, portfolio }), '2.01', {
      code: 'MAX_GROSS_EXPOSURE',
      reason: 'MAX_GROSS_EXPOSURE',
      message: 'gross leverage would be 3.010, over the 3 limit',
      measure: { value: 3.01, limit: 3, unit: 'leverage' },
    });
  });

  it('lets through an order that leaves gross over the limit but lower: long 5 USDCHF + 3 USDCAD (8x), sell 6 USDCHF -> 4x', () => {
    const portfolio = holding([positionOf('USDCHF', 'BUY', '5', 0.8, 0.799), positionOf('USDCAD', 'BUY', '3', 1.25, 1.249)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'SELL', '6'), { limits, portfolio }), '6', {
      code: 'MAX_GROSS_EXPOSURE',
      detail: 'gross leverage 4.000 of 3',
      measure: { value: 4, limit: 3, unit: 'leverage' },
    });
  });
});

describe('MAX_NET_EXPOSURE at its boundaries (2x equity)', () => {
  const rule = netExposureRule;
  const limits = { maxNetLeverage: 2 };
  const refused = { code: 'MAX_NET_EXPOSURE', reason: 'MAX_NET_EXPOSURE', message: 'net leverage would be 2.010, over the 2 limit', measure: { value: 2.01, limit: 2, unit: 'leverage' } };

  it('long 1 USDCAD + long 1 USDCHF is exactly 2x and passes; 1.01 USDCHF is 2.01x', () => {
    const portfolio = holding([positionOf('USDCAD', 'BUY', '1', 1.25, 1.249)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '1'), { limits, portfolio }), '1', {
      code: 'MAX_NET_EXPOSURE',
      detail: 'net leverage 2.000 of 2',
      measure: { value: 2, limit: 2, unit: 'leverage' },
    });
    expectRejected(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '1.01'), { limits, portfolio }), '1.01', refused);
  });

  it('short exposure counts by its size: short 1 USDCAD + short 1.01 USDCHF is 2.01x', () => {
    const portfolio = holding([positionOf('USDCAD', 'SELL', '1', 1.25, 1.251)]);
    expectRejected(decideAlone(rule, sizedEntry('USDCHF', 'SELL', '1.01'), { limits, portfolio }), '1.01', refused);
  });

  it('lets through an order that leaves net over the limit but lower: long 3 USDCHF, short 0.5 USDCAD -> 2.5x', () => {
    const portfolio = holding([positionOf('USDCHF', 'BUY', '3', 0.8, 0.799)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCAD', 'SELL', '0.5'), { limits, portfolio }), '0.5', {
      code: 'MAX_NET_EXPOSURE',
      detail: 'net leverage 2.500 of 2',
      measure: { value: 2.5, limit: 2, unit: 'leverage' },
    });
  });
});

describe('CURRENCY_EXPOSURE at its boundaries (2x equity per currency)', () => {
  const rule = currencyExposureRule;
  const limits = { maxCurrencyLeverage: 2 };

  it('long 1 + 1 USDCHF is short exactly 200,000 USD of francs (2x) and passes; + 1.01 is 2.01x', () => {
    const portfolio = holding([positionOf('USDCHF', 'BUY', '1', 0.8, 0.799)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '1'), { limits, portfolio }), '1', {
      code: 'CURRENCY_EXPOSURE',
      detail: 'CHF 2.000×',
      measure: { value: 2, limit: 2, unit: 'leverage' },
    });
    expectRejected(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '1.01'), { limits, portfolio }), '1.01', {
      code: 'CURRENCY_EXPOSURE',
      reason: 'CURRENCY_EXPOSURE',
      message: 'CHF exposure would be 2.010× equity, over the 2× limit',
      measure: { value: 2.01, limit: 2, unit: 'leverage' },
    });
  });

  it('lets through an order that leaves a currency over the limit but lower: long 5 USDCHF, sell 8 -> long 3x francs', () => {
    const portfolio = holding([positionOf('USDCHF', 'BUY', '5', 0.8, 0.799)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'SELL', '8'), { limits, portfolio }), '8', {
      code: 'CURRENCY_EXPOSURE',
      detail: 'CHF 3.000×',
      measure: { value: 3, limit: 2, unit: 'leverage' },
    });
  });
});

describe('MARGIN at its boundaries (10 % of 100,000 USD = 10,000.00)', () => {
  const rule = marginRule;
  const limits = { maxMarginUsage: 0.1 };

  it('long 1 USDCAD and 2 USDCHF hold 300,000 / 30 = 10,000.00 of margin and pass; 2.01 USDCHF holds 10,033.33', () => {
    const portfolio = holding([positionOf('USDCAD', 'BUY', '1', 1.25, 1.249)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '2'), { limits, portfolio }), '2', {
      code: 'MARGIN',
      detail: 'margin 10000.00 of 10000.00 USD',
      measure: { value: 10_000, limit: 10_000, unit: 'USD' },
    });
    expectRejected(decideAlone(rule, sizedEntry('USDCHF', 'BUY', '2.01'), { limits, portfolio }), '2.01', {
      code: 'MARGIN',
      reason: 'MARGIN',
      message: 'margin in use would be 10033.33 USD, over 10000.00 (0.1 of equity)',
      measure: { value: 10_033.33, limit: 10_000, unit: 'USD' },
    });
  });

  it('lets through an order that leaves margin over the limit but lower: long 5 USDCHF (16,666.67), sell 9 -> short 4 (13,333.33)', () => {
    const portfolio = holding([positionOf('USDCHF', 'BUY', '5', 0.8, 0.799)]);
    expectApproved(decideAlone(rule, sizedEntry('USDCHF', 'SELL', '9'), { limits, portfolio }), '9', {
      code: 'MARGIN',
      detail: 'margin 13333.33 of 10000.00 USD',
      measure: { value: 13_333.33, limit: 10_000, unit: 'USD' },
    });
  });
});

describe('CORRELATION and PORTFOLIO_VAR at their boundaries, on 500 real aligned H1 returns of the six 2025 pairs', () => {
  const { history, lastClose } = fxReturnHistory(500);
  const market = marketAt(RULE_TIME, lastClose);
  /** The next double above a positive `x`: the smallest step past a float limit. */
  const nextUp = (x: number) => {
    const bits = new Float64Array([x]);
    new BigInt64Array(bits.buffer)[0] += 1n;
    return bits[0];
  };

  describe('CORRELATION', () => {
    const rule = correlationRule;
    const c = history.correlationOf('GBPUSD', 'EURUSD');
    // GBPUSD bought 0.5 pip over the mid with its stop 30 pips under it: 500 / (100,000 x 0.00305) = 1.63 lots.
    const gbpusd = (side: 'BUY' | 'SELL') => ({ signal: signalOf('g1', 'GBPUSD', side, { stopPrice: lastClose.GBPUSD + (side === 'BUY' ? -0.003 : 0.003) }), market });
    const eurusd = (side: 'BUY' | 'SELL') => ({ portfolio: holding([positionOf('EURUSD', side, '1', lastClose.EURUSD)]), history });
    const stacked = (side: 'BUY' | 'SELL') => ({
      code: 'CORRELATION',
      reason: 'CORRELATION_LIMIT',
      message: `${side} GBPUSD stacks on EURUSD (${c.toPrecision(4)}): correlation >= ${c}, at most 0 allowed`,
      measure: { value: 1, limit: 0, unit: 'correlated positions' },
    });

    it('measures GBPUSD and EURUSD moving together (0.6 < correlation < 1)', () => {
      expect(c > 0.6 && c < 1).toBe(true);
    });

    it('a threshold exactly at their correlation stacks the GBPUSD long on the EURUSD long; the next double above it does not', () => {
      expectRejected(decideAlone(rule, gbpusd('BUY'), { ...eurusd('BUY'), limits: { correlation: { threshold: c } } }), '1.63', stacked('BUY'));
      expectApproved(decideAlone(rule, gbpusd('BUY'), { ...eurusd('BUY'), limits: { correlation: { threshold: nextUp(c) } } }), '1.63', {
        code: 'CORRELATION',
        detail: `highest directional correlation ${c.toPrecision(4)}`,
        measure: { value: Number(c.toPrecision(10)), limit: Number(nextUp(c).toPrecision(10)), unit: 'correlation' },
      });
    });

    it('two shorts stack as two longs do; one stacked position passes when one is allowed', () => {
      expectRejected(decideAlone(rule, gbpusd('SELL'), { ...eurusd('SELL'), limits: { correlation: { threshold: c } } }), '1.63', stacked('SELL'));
      expectApproved(decideAlone(rule, gbpusd('BUY'), { ...eurusd('BUY'), limits: { correlation: { threshold: c, maxCorrelatedPositions: 1 } } }), '1.63', {
        code: 'CORRELATION',
        detail: `highest directional correlation ${c.toPrecision(4)}`,
        measure: { value: Number(c.toPrecision(10)), limit: Number(c.toPrecision(10)), unit: 'correlation' },
      });
    });

    it('500 returns are enough when 500 are needed; 501 needed is too few', () => {
      const limits = (minObservations: number) => ({ correlation: { threshold: 0.99, minObservations } });
      expect(decideAlone(rule, gbpusd('BUY'), { ...eurusd('BUY'), limits: limits(500) }).decision).toBe('approved');
      expectRejected(decideAlone(rule, gbpusd('BUY'), { ...eurusd('BUY'), limits: limits(501) }), '1.63', {
        code: 'CORRELATION',
        reason: 'INSUFFICIENT_HISTORY',
        message: 'need 501 aligned returns of GBPUSD and EURUSD to measure their correlation',
      });
    });
  });

  describe('PORTFOLIO_VAR', () => {
    const rule = portfolioVarRule;
    // EURUSD bought at the ask with its stop 20 pips under the mid: 500 / (100,000 x 0.00205) = 2.43 lots.
    const entry = { signal: signalOf('v1', 'EURUSD', 'BUY', { stopPrice: lastClose.EURUSD - 0.002 }), market };
    const quote = market.quotes.EURUSD;
    /** The 24-bar 99 % historical VaR of `lots` of EURUSD, valued at the mid as the rule values it. */
    const varOf = (lots: number) => {
      const weights = new Float64Array(history.symbols.length);
      weights[history.indexOf('EURUSD')] = (Math.round(lots * 100_000_000) / 100_000_000) * 100_000 * ((quote.bid + quote.ask) / 2);
      return historicalVar(history, weights, parseRiskLimits({}).var).valueAtRisk;
    };
    const full = varOf(2.43);
    // The largest fraction of equity whose limit is not under the VaR, and the limit a cent under it.
    let atLimit = full / EQUITY;
    while (atLimit * EQUITY < full) atLimit = nextUp(atLimit);
    const centUnder = (full - 0.01) / EQUITY;
    const over = `post-trade 0.99 VaR over 24 bars would be ${full.toFixed(2)} USD, over ${(centUnder * EQUITY).toFixed(2)} (${centUnder} of equity)`;

    it('a limit exactly at the VaR of 2.43 lots passes them', () => {
      expectApproved(decideAlone(rule, entry, { history, limits: { var: { maxFractionOfEquity: atLimit } } }), '2.43', {
        code: 'PORTFOLIO_VAR',
        detail: `VaR ${full.toFixed(2)} of ${(atLimit * EQUITY).toFixed(2)} USD`,
        measure: { value: Number(full.toPrecision(10)), limit: Number((atLimit * EQUITY).toPrecision(10)), unit: 'USD' },
      });
    });

    it('a limit a cent under it refuses them, or (downsizing allowed) approves one lot step less', () => {
      const limits = (allowDownsize: boolean) => ({ var: { maxFractionOfEquity: centUnder, allowDownsize } });
      expectRejected(decideAlone(rule, entry, { history, limits: limits(false) }), '2.43', {
        code: 'PORTFOLIO_VAR',
        reason: 'VAR_LIMIT',
        message: over,
        measure: { value: Number(full.toPrecision(10)), limit: Number((centUnder * EQUITY).toPrecision(10)), unit: 'USD' },
      });
      const downsized = decideAlone(rule, entry, { history, limits: limits(true) });
      expect(downsized.downsizedFrom).toBe('2.43');
      // The engine re-checks the 2.42 lots: the verdict the decision keeps is that re-check's.
      expectApproved(downsized, '2.42', {
        code: 'PORTFOLIO_VAR',
        detail: `VaR ${varOf(2.42).toFixed(2)} of ${(centUnder * EQUITY).toFixed(2)} USD`,
        measure: { value: Number(varOf(2.42).toPrecision(10)), limit: Number((centUnder * EQUITY).toPrecision(10)), unit: 'USD' },
      });
    });

    it('500 returns are enough when 500 are needed; 501 needed is too few', () => {
      expect(decideAlone(rule, entry, { history, limits: { var: { minObservations: 500 } } }).decision).toBe('approved');
      expectRejected(decideAlone(rule, entry, { history, limits: { var: { minObservations: 501 } } }), '2.43', {
        code: 'PORTFOLIO_VAR',
        reason: 'INSUFFICIENT_HISTORY',
        message: 'need 501 returns of EURUSD to measure VaR',
      });
    });
  });
});
