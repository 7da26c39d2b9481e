// Margin in use after the order (IG margin factors per instrument) must stay
// within the allowed share of equity.
import { cents, marginFor } from '../portfolio/portfolio-view';
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const marginRule: RiskRule = {
  code: 'MARGIN',
  sizeDependent: true,
  check(context) {
    const { order, book, view, limits, signedUnits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const before = marginFor(book, book.netUnits);
    const after = marginFor(book, book.netUnits + signedUnits);
    const estimate = view.marginUsed() - before + after;
    if (!Number.isFinite(estimate)) {
      return deny(this.code, 'NO_CONVERSION_RATE', `margin cannot be valued in ${limits.accountCurrency} (missing quote)`);
    }
    const total = cents(estimate);
    const limit = view.equity.times(limits.maxMarginUsage);
    if (total.greaterThan(limit) && after > before) {
      return deny(this.code, 'MARGIN', `margin in use would be ${total.toFixed(2)} ${limits.accountCurrency}, over ${limit.toFixed(2)} (${limits.maxMarginUsage} of equity)`, measured(total.toNumber(), limit.toNumber(), limits.accountCurrency));
    }
    return pass(this.code, `margin ${total.toFixed(2)} of ${limit.toFixed(2)} ${limits.accountCurrency}`, measured(total.toNumber(), limit.toNumber(), limits.accountCurrency));
  },
};
