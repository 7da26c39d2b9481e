// No new exposure on an instrument whose latest quote or bar is older than the
// limit, nor on the first bar after its feed was silent for longer than it
// (a gap mid-week, a holiday): a silent feed must never look like a quiet market.
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const staleMarketDataRule: RiskRule = {
  code: 'STALE_MARKET_DATA',
  sizeDependent: false,
  check(context) {
    const { order, market, time, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const quoteTime = market.quotes[order.symbol]?.time ?? Number.NEGATIVE_INFINITY;
    const barTime = market.lastBarTime?.[order.symbol] ?? Number.NEGATIVE_INFINITY;
    const latest = Math.max(quoteTime, barTime);
    if (latest === Number.NEGATIVE_INFINITY) return deny(this.code, 'STALE_MARKET_DATA', `no quote or bar has been seen for ${order.symbol}`);
    const age = time - latest;
    if (age > limits.breakers.staleDataMs) {
      return deny(this.code, 'STALE_MARKET_DATA', `latest ${order.symbol} data is ${age} ms old, over the ${limits.breakers.staleDataMs} ms limit`, measured(age, limits.breakers.staleDataMs, 'ms'));
    }
    const silent = market.silentMs?.[order.symbol] ?? 0;
    if (silent > limits.breakers.staleDataMs) {
      return deny(
        this.code,
        'STALE_MARKET_DATA',
        `the ${order.symbol} feed was silent for ${silent} ms before its latest bar, over the ${limits.breakers.staleDataMs} ms limit`,
        measured(silent, limits.breakers.staleDataMs, 'ms'),
      );
    }
    return pass(this.code, `latest data ${age} ms old`, measured(age, limits.breakers.staleDataMs, 'ms'));
  },
};
