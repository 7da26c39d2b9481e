// No entry while the spread is wider than the limit (thin market, news, rollover).
import { pass, deny, ratio, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const maxSpreadRule: RiskRule = {
  code: 'MAX_SPREAD',
  sizeDependent: false,
  check(context) {
    const { order, market, instrument, limits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const quote = market.quotes[order.symbol];
    if (!quote) return deny(this.code, 'MAX_SPREAD', `no quote for ${order.symbol}, so its spread is unknown`);
    const pips = (quote.ask - quote.bid) / instrument.pipSize;
    // A hair over the limit from float subtraction is still the limit: the desk's ask is
    // bid + spread, and 1.17189 + 0.00022 - 1.17189 is 2.20000000000109 pips.
    if (pips - 1e-9 > limits.maxSpreadPips) return deny(this.code, 'MAX_SPREAD', `${order.symbol} spread is ${ratio(pips)} pips, over the ${limits.maxSpreadPips} pip limit`, measured(pips, limits.maxSpreadPips, 'pips'));
    return pass(this.code, `spread ${ratio(pips)} pips`, measured(pips, limits.maxSpreadPips, 'pips'));
  },
};
