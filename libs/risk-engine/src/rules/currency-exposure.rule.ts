// Exposure per currency: EURUSD long and EURGBP long are two euro-long legs.
// Each currency of the order's pair (other than the account currency) must stay
// within the per-currency leverage limit.
import { currencyExposure } from './exposure';
import { pass, deny, ratio, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const currencyExposureRule: RiskRule = {
  code: 'CURRENCY_EXPOSURE',
  sizeDependent: true,
  check(context) {
    const { order, view, limits, instrument } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const details: string[] = [];
    let worst = 0;
    for (const currency of [instrument.base, instrument.quote]) {
      if (currency === limits.accountCurrency) continue;
      const before = Math.abs(currencyExposure(context, currency, false)) / view.equityNumber;
      const after = Math.abs(currencyExposure(context, currency, true)) / view.equityNumber;
      if (Number.isNaN(after)) return deny(this.code, 'NO_CONVERSION_RATE', `${currency} exposure cannot be valued in ${limits.accountCurrency} (missing quote)`);
      if (after > limits.maxCurrencyLeverage && after > before) {
        return deny(this.code, 'CURRENCY_EXPOSURE', `${currency} exposure would be ${ratio(after)}× equity, over the ${limits.maxCurrencyLeverage}× limit`, measured(after, limits.maxCurrencyLeverage, 'leverage'));
      }
      if (after > worst) worst = after;
      details.push(`${currency} ${ratio(after)}×`);
    }
    return pass(this.code, details.length > 0 ? details.join(', ') : `only ${limits.accountCurrency} legs`, measured(worst, limits.maxCurrencyLeverage, 'leverage'));
  },
};
