// Signed sum of notionals (long base currency) as leverage of equity.
import { exposureTotals } from './exposure';
import { pass, deny, ratio, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const netExposureRule: RiskRule = {
  code: 'MAX_NET_EXPOSURE',
  sizeDependent: true,
  check(context) {
    const { order, view, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const before = Math.abs(exposureTotals(context, false).net) / view.equityNumber;
    const after = Math.abs(exposureTotals(context, true).net) / view.equityNumber;
    if (Number.isNaN(after)) return deny(this.code, 'NO_CONVERSION_RATE', `a position cannot be valued in ${limits.accountCurrency} (missing quote)`);
    if (after > limits.maxNetLeverage && after > before) {
      return deny(this.code, 'MAX_NET_EXPOSURE', `net leverage would be ${ratio(after)}, over the ${limits.maxNetLeverage} limit`, measured(after, limits.maxNetLeverage, 'leverage'));
    }
    return pass(this.code, `net leverage ${ratio(after)} of ${limits.maxNetLeverage}`, measured(after, limits.maxNetLeverage, 'leverage'));
  },
};
