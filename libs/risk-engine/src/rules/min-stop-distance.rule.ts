// An entry needs a stop, and one far enough from the entry that normal noise
// (and the broker's own minimum) does not take it out at once.
import { pass, deny, ratio, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const minStopDistanceRule: RiskRule = {
  code: 'MIN_STOP_DISTANCE',
  sizeDependent: false,
  check(context) {
    const { order, instrument, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    if (order.stopPrice === null || order.entryPrice === null) return deny(this.code, 'NO_STOP', `${order.side} ${order.symbol} has no stop`);
    const pips = Math.abs(order.entryPrice - order.stopPrice) / instrument.pipSize;
    // A hair under the limit from float division is still the limit.
    if (pips + 1e-9 < limits.minStopPips) {
      return deny(this.code, 'MIN_STOP_DISTANCE', `stop is ${ratio(pips)} pips from entry, under the ${limits.minStopPips} pip minimum`, measured(pips, limits.minStopPips, 'pips (minimum)'));
    }
    return pass(this.code, `stop ${ratio(pips)} pips from entry`, measured(pips, limits.minStopPips, 'pips (minimum)'));
  },
};
