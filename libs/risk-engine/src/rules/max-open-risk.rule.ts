// Total money at risk at the stops of every position, working order and this
// order must stay within the open-risk fraction of equity.
import { cents, riskAtStop } from '../portfolio/portfolio-view';
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const maxOpenRiskRule: RiskRule = {
  code: 'MAX_OPEN_RISK',
  sizeDependent: true,
  check(context) {
    const { order, book, view, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const open = view.openRisk();
    if (!Number.isFinite(open)) return deny(this.code, 'MAX_OPEN_RISK', 'the risk of an open position cannot be measured (no stop, no ATR or no conversion rate)');
    if (order.stopPrice === null || order.entryPrice === null) return deny(this.code, 'NO_STOP', `${order.side} ${order.symbol} has no stop, so its risk is unbounded`);
    const risk = riskAtStop(book, context.signedUnits, Math.abs(order.entryPrice - order.stopPrice));
    if (!Number.isFinite(risk)) return deny(this.code, 'NO_CONVERSION_RATE', `no rate converts ${book.instrument.quote} into ${limits.accountCurrency}`);
    const total = cents(open + risk);
    const limit = view.equity.times(limits.maxOpenRisk);
    if (total.greaterThan(limit)) {
      return deny(this.code, 'MAX_OPEN_RISK', `open risk at stops would be ${total.toFixed(2)} ${limits.accountCurrency}, over ${limit.toFixed(2)} (${limits.maxOpenRisk} of equity)`, measured(total.toNumber(), limit.toNumber(), limits.accountCurrency));
    }
    return pass(this.code, `open risk ${total.toFixed(2)} of ${limit.toFixed(2)} ${limits.accountCurrency}`, measured(total.toNumber(), limit.toNumber(), limits.accountCurrency));
  },
};
