// The money lost if this order is stopped out must stay within the per-trade
// fraction of equity (exact decimal).
import { cents, riskAtStop } from '../portfolio/portfolio-view';
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const maxRiskPerTradeRule: RiskRule = {
  code: 'MAX_RISK_PER_TRADE',
  sizeDependent: true,
  check(context) {
    const { order, book, view, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    if (order.stopPrice === null || order.entryPrice === null) return deny(this.code, 'NO_STOP', `${order.side} ${order.symbol} has no stop, so its risk is unbounded`);
    const estimate = riskAtStop(book, context.signedUnits, Math.abs(order.entryPrice - order.stopPrice));
    if (!Number.isFinite(estimate)) return deny(this.code, 'NO_CONVERSION_RATE', `no rate converts ${book.instrument.quote} into ${limits.accountCurrency}`);
    const risk = cents(estimate);
    const limit = view.equity.times(limits.maxRiskPerTrade);
    if (risk.greaterThan(limit)) {
      return deny(this.code, 'MAX_RISK_PER_TRADE', `risk at stop ${risk.toFixed(2)} ${limits.accountCurrency} exceeds ${limit.toFixed(2)} (${limits.maxRiskPerTrade} of equity)`, measured(risk.toNumber(), limit.toNumber(), limits.accountCurrency));
    }
    return pass(this.code, `risk at stop ${risk.toFixed(2)} of ${limit.toFixed(2)} ${limits.accountCurrency}`, measured(risk.toNumber(), limit.toNumber(), limits.accountCurrency));
  },
};
