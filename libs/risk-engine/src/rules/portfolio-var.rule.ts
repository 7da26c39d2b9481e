// The post-trade portfolio VaR (historical, at the limits' confidence and
// horizon) must stay within a fraction of equity. When it would not, and
// downsizing is allowed, the rule proposes the largest lot-step size that fits
// (found by bisection, VaR growing with the size of a risk-adding order); the
// engine then re-checks every size-dependent rule on that size.
import { Quantity } from '@trading/domain';
import { historicalVar } from '../measures/historical-var';
import { LOT_UNITS } from '../portfolio/portfolio-view';
import type { RuleVerdict } from '../risk.types';
import { pass, deny, downsize, ratio, REDUCES_EXPOSURE, type RiskRule, type RuleContext, measured } from './risk-rule';

export const portfolioVarRule: RiskRule = {
  code: 'PORTFOLIO_VAR',
  sizeDependent: true,
  check(context) {
    const { order, history, limits, view } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    if (!history || history.length < limits.var.minObservations || history.indexOf(order.symbol) < 0) {
      return deny(this.code, 'INSUFFICIENT_HISTORY', `need ${limits.var.minObservations} returns of ${order.symbol} to measure VaR`);
    }
    const orderUnits = context.signedUnits;
    const problem = fillWeights(context);
    if (problem) return problem;
    const limit = limits.var.maxFractionOfEquity * view.equityNumber;
    const full = varWith(context, orderUnits);
    if (full <= limit) return pass(this.code, `VaR ${full.toFixed(2)} of ${limit.toFixed(2)} ${limits.accountCurrency}`, measured(full, limit, limits.accountCurrency));

    const reason = `post-trade ${limits.var.confidence} VaR over ${limits.var.horizonBars} bars would be ${full.toFixed(2)} ${limits.accountCurrency}, over ${limit.toFixed(2)} (${limits.var.maxFractionOfEquity} of equity)`;
    if (!limits.var.allowDownsize) return deny(this.code, 'VAR_LIMIT', reason, measured(full, limit, limits.accountCurrency));
    const step = context.instrument.lotStep;
    const stepUnits = Math.round(step * LOT_UNITS);
    const direction = Math.sign(orderUnits);
    const stepValue = (steps: number): number => direction * steps * stepUnits;
    let low = Math.ceil(context.instrument.minLots / step - 1e-9);
    const steps = Math.round(Math.abs(orderUnits) / stepUnits);
    let high = steps;
    if (low >= high || varWith(context, stepValue(low)) > limit) return deny(this.code, 'VAR_LIMIT', `${reason}; even the minimum deal size does not fit`, measured(full, limit, limits.accountCurrency));
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (varWith(context, stepValue(middle)) <= limit) low = middle;
      else high = middle;
    }
    const size = Quantity.floorToStep(low * step, step);
    const after = varWith(context, stepValue(low));
    return downsize(this.code, `${reason}; downsized to ${size.toString()} lots (VaR ${after.toFixed(2)}, ratio ${ratio(low / steps)})`, size, measured(after, limit, limits.accountCurrency));
  },
};

/** Notionals of every held symbol but the order's into scratch.weights (varWith sets the order's slot). */
function fillWeights(context: RuleContext): RuleVerdict | null {
  const { history, view, scratch } = context;
  if (!history) return null;
  const weights = scratch.weights;
  weights.fill(0);
  for (const book of view.books.values()) {
    if (book === context.book || book.netUnits === 0) continue;
    const index = history.indexOf(book.symbol);
    if (index < 0) return deny('PORTFOLIO_VAR', 'INSUFFICIENT_HISTORY', `no return history for held ${book.symbol}, so VaR cannot be measured`);
    const notional = view.notional(book, book.netUnits);
    if (!Number.isFinite(notional)) return deny('PORTFOLIO_VAR', 'NO_CONVERSION_RATE', `${book.symbol} cannot be valued in ${context.limits.accountCurrency}`);
    weights[index] = notional;
  }
  if (!Number.isFinite(view.notional(context.book, LOT_UNITS))) {
    return deny('PORTFOLIO_VAR', 'NO_CONVERSION_RATE', `${context.book.symbol} cannot be valued in ${context.limits.accountCurrency}`);
  }
  return null;
}

/** VaR with the order's symbol at its pre-trade units plus `orderUnits`; the other weights stay as filled. */
function varWith(context: RuleContext, orderUnits: number): number {
  const { history, scratch, view, book, limits } = context;
  if (!history) return Number.NaN;
  scratch.weights[history.indexOf(book.symbol)] = view.notional(book, book.netUnits + orderUnits);
  return historicalVar(history, scratch.weights, limits.var, scratch.losses).valueAtRisk;
}
