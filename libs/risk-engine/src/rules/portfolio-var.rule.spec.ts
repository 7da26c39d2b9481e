// How PORTFOLIO_VAR finds the size that fits (bisection over lot steps, never
// under the instrument's minimum deal size) and which positions it weighs
// (every other held instrument, each with return history and a rate; the
// order's own book at its post-trade size), on 500 real aligned H1 returns of
// the six 2025 pairs and a EURUSD buy the default sizing makes 2.43 lots.
import { instrumentFor } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { historicalVar } from '../measures/historical-var';
import type { MarketState, RiskDecision, RuleVerdict } from '../risk.types';
import { marketAt, portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { fxReturnHistory } from '../testing/shared-fx-returns';
import { decideAlone, EQUITY, RULE_TIME } from '../testing/single-rule';
import { portfolioVarRule } from './portfolio-var.rule';
import type { RiskRule } from './risk-rule';

const { history, lastClose } = fxReturnHistory(500);
const market = marketAt(RULE_TIME, lastClose);
const mid = (symbol: string) => (market.quotes[symbol].bid + market.quotes[symbol].ask) / 2;
const buyEurusd = (on: MarketState = market) => ({ signal: signalOf('v1', 'EURUSD', 'BUY', { stopPrice: lastClose.EURUSD - 0.002 }), market: on });

/** The 24-bar 99 % historical VaR of these lots per symbol, valued at the mid (in USD: base rate of a XXXUSD pair is its mid). */
function varOf(lots: Readonly<Record<string, number>>): number {
  const weights = new Float64Array(history.symbols.length);
  for (const [symbol, size] of Object.entries(lots)) weights[history.indexOf(symbol)] = (Math.round(size * 100_000_000) / 100_000_000) * 100_000 * mid(symbol);
  return historicalVar(history, weights, parseRiskLimits({}).var).valueAtRisk;
}

const nextAfter = (x: number, to: number) => {
  const bits = new Float64Array([x]);
  new BigInt64Array(bits.buffer)[0] += x < to ? 1n : -1n;
  return bits[0];
};

/** A fraction of the 100,000 USD equity whose limit is exactly `value`. */
function fractionFor(value: number): number {
  for (let f = value / EQUITY, i = 0; i < 4; i++, f = nextAfter(f, 1)) if (f * EQUITY === value) return f;
  throw new Error(`no fraction of ${EQUITY} is exactly ${value}`);
}

/** The rule, recording each verdict it gives (the engine keeps only the re-check of a downsize). */
function recorded(): { rule: RiskRule; verdicts: RuleVerdict[] } {
  const verdicts: RuleVerdict[] = [];
  return { rule: { code: portfolioVarRule.code, sizeDependent: true, check: (context) => verdicts[verdicts.push(portfolioVarRule.check(context)) - 1] }, verdicts };
}

const outcome = (decision: RiskDecision) => ({ decision: decision.decision, reason: decision.reason, size: decision.size, downsizedFrom: decision.downsizedFrom });

describe('PORTFOLIO_VAR: the size it downsizes to', () => {
  const full = varOf({ EURUSD: 2.43 });
  const reason = (limit: number, fraction: number) => `post-trade 0.99 VaR over 24 bars would be ${full.toFixed(2)} USD, over ${limit.toFixed(2)} (${fraction} of equity)`;

  it('bisects to the largest lot step whose VaR is exactly the limit: 1.2 lots of the 2.43', () => {
    const limit = varOf({ EURUSD: 1.2 });
    const fraction = fractionFor(limit);
    const { rule, verdicts } = recorded();
    expect(outcome(decideAlone(rule, buyEurusd(), { history, limits: { var: { maxFractionOfEquity: fraction } } }))).toEqual({ decision: 'approved', reason: null, size: '1.2', downsizedFrom: '2.43' });
    // The first verdict asked for the downsize; 120 of 243 steps is a ratio of 0.4938.
    expect(verdicts[0]).toEqual({
      code: 'PORTFOLIO_VAR',
      pass: true,
      detail: `${reason(limit, fraction)}; downsized to 1.2 lots (VaR ${limit.toFixed(2)}, ratio 0.4938)`,
      downsizeTo: expect.objectContaining({}),
      measure: { value: Number(limit.toPrecision(10)), limit: Number(limit.toPrecision(10)), unit: 'USD' },
    });
    expect(verdicts[0].pass && 'downsizeTo' in verdicts[0] ? verdicts[0].downsizeTo.toString() : null).toBe('1.2');
  });

  it('one step less when the limit is the next double under that VaR: 1.19 lots', () => {
    const fraction = nextAfter(fractionFor(varOf({ EURUSD: 1.2 })), 0);
    expect(outcome(decideAlone(portfolioVarRule, buyEurusd(), { history, limits: { var: { maxFractionOfEquity: fraction } } }))).toEqual({ decision: 'approved', reason: null, size: '1.19', downsizedFrom: '2.43' });
  });

  it('down to the minimum deal size (0.01 lots) when its VaR is exactly the limit; a double under it, refuses', () => {
    const fraction = fractionFor(varOf({ EURUSD: 0.01 }));
    expect(outcome(decideAlone(portfolioVarRule, buyEurusd(), { history, limits: { var: { maxFractionOfEquity: fraction } } }))).toEqual({ decision: 'approved', reason: null, size: '0.01', downsizedFrom: '2.43' });
    const under = nextAfter(fraction, 0);
    const refused = decideAlone(portfolioVarRule, buyEurusd(), { history, limits: { var: { maxFractionOfEquity: under } } });
    expect(outcome(refused)).toEqual({ decision: 'rejected', reason: 'VAR_LIMIT', size: '2.43', downsizedFrom: null });
    expect(refused.checks).toEqual([
      {
        code: 'PORTFOLIO_VAR',
        pass: false,
        reason: 'VAR_LIMIT',
        message: `${reason(under * EQUITY, under)}; even the minimum deal size does not fit`,
        measure: { value: Number(full.toPrecision(10)), limit: Number((under * EQUITY).toPrecision(10)), unit: 'USD' },
      },
    ]);
  });

  it('never under a minimum deal size larger than the lot step: 0.3 lots would fit, but the minimum is 0.5', () => {
    const instruments = { ...market.instruments, EURUSD: { ...instrumentFor('EURUSD'), minLots: 0.5 } };
    const limits = { var: { maxFractionOfEquity: fractionFor(varOf({ EURUSD: 0.3 })) } };
    expect(outcome(decideAlone(portfolioVarRule, buyEurusd({ ...market, instruments }), { history, limits }))).toEqual({ decision: 'rejected', reason: 'VAR_LIMIT', size: '2.43', downsizedFrom: null });
  });
});

describe('PORTFOLIO_VAR: the positions it weighs', () => {
  const limits = { var: { maxFractionOfEquity: 0.5 } };
  const passes = (value: number) => [{ code: 'PORTFOLIO_VAR', pass: true, detail: `VaR ${value.toFixed(2)} of 50000.00 USD`, measure: { value: Number(value.toPrecision(10)), limit: 50_000, unit: 'USD' } }];
  const refused = (reason: string, message: string) => [{ code: 'PORTFOLIO_VAR', pass: false, reason, message }];
  const holding = (...positions: [string, string][]) => portfolioOf(EQUITY, { positions: positions.map(([symbol, lots]) => positionOf(symbol, 'BUY', lots, lastClose[symbol] ?? 150)) });

  it('adds every other held instrument to the order, the first symbol of the history (AUDUSD) among them', () => {
    expect(history.symbols[0]).toBe('AUDUSD');
    const decision = decideAlone(portfolioVarRule, buyEurusd(), { history, limits, portfolio: holding(['AUDUSD', '2'], ['GBPUSD', '1']) });
    expect(decision.checks).toEqual(passes(varOf({ AUDUSD: 2, GBPUSD: 1, EURUSD: 2.43 })));
  });

  it('leaves out a flat book, even one without return history (a USDJPY long closed by a working order)', () => {
    const flat = portfolioOf(EQUITY, {
      positions: [positionOf('USDJPY', 'BUY', '1', 150)],
      openOrders: [{ clientOrderId: 'w1', symbol: 'USDJPY', side: 'SELL', size: positionOf('USDJPY', 'SELL', '1', 150).size, entryPrice: 150.1, stopPrice: 150.2 }],
    });
    expect(decideAlone(portfolioVarRule, buyEurusd(), { history, limits, portfolio: flat }).checks).toEqual(passes(varOf({ EURUSD: 2.43 })));
  });

  it('refuses when a held instrument has no return history', () => {
    expect(decideAlone(portfolioVarRule, buyEurusd(), { history, limits, portfolio: holding(['USDJPY', '1']) }).checks).toEqual(
      refused('INSUFFICIENT_HISTORY', 'no return history for held USDJPY, so VaR cannot be measured'),
    );
  });

  it('refuses when an order on a symbol outside the history is to be measured', () => {
    const usdjpy = { signal: signalOf('v1', 'USDJPY', 'BUY', { stopPrice: 149.8 }), market: marketAt(RULE_TIME, { ...lastClose, USDJPY: 150 }) };
    expect(decideAlone(portfolioVarRule, usdjpy, { history, limits }).checks).toEqual(refused('INSUFFICIENT_HISTORY', 'need 250 returns of USDJPY to measure VaR'));
  });

  it('measures an order on the first symbol of the history', () => {
    const audusd = { signal: signalOf('v1', 'AUDUSD', 'BUY', { stopPrice: lastClose.AUDUSD - 0.002 }), market };
    const decision = decideAlone(portfolioVarRule, audusd, { history, limits });
    expect(decision.checks).toEqual(passes(varOf({ AUDUSD: Number(decision.size) })));
  });

  it('refuses when a held instrument or the order itself cannot be valued in USD', () => {
    const { AUDUSD: _aud, ...withoutAud } = lastClose;
    expect(decideAlone(portfolioVarRule, buyEurusd(marketAt(RULE_TIME, withoutAud)), { history, limits, portfolio: holding(['AUDUSD', '1']) }).checks).toEqual(
      refused('NO_CONVERSION_RATE', 'AUDUSD cannot be valued in USD'),
    );
    // A limit order carries its own entry price, so it can be sized without a EURUSD quote; valuing it needs one.
    const { EURUSD: _eur, ...withoutEur } = lastClose;
    const limitOrder = { signal: signalOf('v1', 'EURUSD', 'BUY', { entryType: 'LIMIT', entryPrice: 1.1, stopPrice: 1.098 }), market: marketAt(RULE_TIME, withoutEur) };
    expect(decideAlone(portfolioVarRule, limitOrder, { history, limits }).checks).toEqual(refused('NO_CONVERSION_RATE', 'EURUSD cannot be valued in USD'));
  });

  it("names a held instrument's missing history before the order's own missing rate, even when adding to a held EURUSD", () => {
    // The order's own book is valued last, at its post-trade size, however early it was opened.
    const { EURUSD: _eur, ...withoutEur } = lastClose;
    const limitOrder = { signal: signalOf('v1', 'EURUSD', 'BUY', { entryType: 'LIMIT', entryPrice: 1.1, stopPrice: 1.098 }), market: marketAt(RULE_TIME, { ...withoutEur, USDJPY: 150 }) };
    expect(decideAlone(portfolioVarRule, limitOrder, { history, limits, portfolio: holding(['EURUSD', '1'], ['USDJPY', '1']) }).checks).toEqual(
      refused('INSUFFICIENT_HISTORY', 'no return history for held USDJPY, so VaR cannot be measured'),
    );
  });
});
