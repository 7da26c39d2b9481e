// Sum of absolute notionals as leverage of equity; an order that would push it
// over the limit (and raises it) is refused.
import { exposureTotals } from './exposure';
import { pass, deny, ratio, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const grossExposureRule: RiskRule = {
  code: 'MAX_GROSS_EXPOSURE',
  sizeDependent: true,
  check(context) {
    const { order, view, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const before = exposureTotals(context, false).gross / view.equityNumber;
    const after = exposureTotals(context, true).gross / view.equityNumber;
    if (Number.isNaN(after)) return deny(this.code, 'NO_CONVERSION_RATE', `a position cannot be valued in ${limits.accountCurrency} (missing quote)`);
    if (after > limits.maxGrossLeverage && after > before) {
      return deny(this.code, 'MAX_GROSS_EXPOSURE', `gross leverage would be ${ratio(after)}, over the ${limits.maxGrossLeverage} limit`, measured(after, limits.maxGrossLeverage, 'leverage'));
    }
    return pass(this.code, `gross leverage ${ratio(after)} of ${limits.maxGrossLeverage}`, measured(after, limits.maxGrossLeverage, 'leverage'));
  },
};
