// ACTIVE lets everything through; REDUCING only orders that close or shrink a
// position; HALTED only orders that flatten a position completely.
import { pass, deny, type RiskRule } from './risk-rule';

export const tradingStateRule: RiskRule = {
  code: 'TRADING_STATE',
  sizeDependent: true,
  check(context) {
    const { state, order } = context;
    if (state === 'ACTIVE') return pass(this.code, 'trading is ACTIVE');
    if (state === 'REDUCING') {
      return order.reduceOnly
        ? pass(this.code, 'REDUCING: order only reduces a position')
        : deny(this.code, 'TRADING_REDUCING', `trading is REDUCING: ${order.side} ${order.size.toString()} ${order.symbol} would add exposure`);
    }
    // Flat is the ordering strategy's own position: an exit closes that, whatever others hold on the symbol.
    const flattens = order.reduceOnly && context.view.heldUnits(order.strategy, order.symbol) + context.signedUnits === 0;
    return flattens
      ? pass(this.code, 'HALTED: order flattens the position')
      : deny(this.code, 'TRADING_HALTED', `trading is HALTED: only orders that flatten a position pass, not ${order.side} ${order.size.toString()} ${order.symbol}`);
  },
};
