// Caps approved orders per second and per minute, per strategy and overall, so
// a runaway strategy cannot flood the broker. Closes count towards the rate
// but are never refused by it: a position must always be able to close.
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const orderRateRule: RiskRule = {
  code: 'ORDER_RATE',
  sizeDependent: false,
  check(context) {
    const { time, limits, signal, order } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const rate = limits.orderRate;
    let strategySecond = 0;
    let strategyMinute = 0;
    let overallSecond = 0;
    let overallMinute = 0;
    for (const order of context.memory.recentOrders) {
      const age = time - order.time;
      if (age >= 60_000) continue;
      overallMinute++;
      if (age < 1000) overallSecond++;
      if (order.strategy === signal.strategy) {
        strategyMinute++;
        if (age < 1000) strategySecond++;
      }
    }
    const over = (count: number, limit: number, what: string): string | null =>
      count >= limit ? `${count} orders ${what} already, the limit is ${limit}` : null;
    const problem =
      over(strategySecond, rate.perStrategyPerSecond, `from ${signal.strategy} in the last second`) ??
      over(strategyMinute, rate.perStrategyPerMinute, `from ${signal.strategy} in the last minute`) ??
      over(overallSecond, rate.overallPerSecond, 'in the last second') ??
      over(overallMinute, rate.overallPerMinute, 'in the last minute');
    // The measure is the strategy's orders of the last minute against its limit (the message names the one that bit).
    const measure = measured(strategyMinute, rate.perStrategyPerMinute, 'orders per minute');
    return problem
      ? deny(this.code, 'ORDER_RATE', problem, measure)
      : pass(this.code, `${strategySecond}/${strategyMinute} strategy and ${overallSecond}/${overallMinute} overall orders in the last second/minute`, measure);
  },
};
