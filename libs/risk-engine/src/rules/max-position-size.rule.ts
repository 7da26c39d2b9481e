// The net position on one instrument (positions plus working orders) stays
// within its lot limit.
import { LOT_UNITS, unitsToLots } from '../portfolio/portfolio-view';
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const maxPositionSizeRule: RiskRule = {
  code: 'MAX_POSITION_SIZE',
  sizeDependent: true,
  check(context) {
    const { order, book, limits, signedUnits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const limit = limits.maxPositionLotsBySymbol[order.symbol] ?? limits.maxPositionLots;
    const after = Math.abs(book.netUnits + signedUnits);
    if (after > Math.round(limit * LOT_UNITS)) {
      return deny(this.code, 'MAX_POSITION_SIZE', `${order.symbol} position would be ${unitsToLots(after)} lots, over the ${limit} lot limit`, measured(after / LOT_UNITS, limit, 'lots'));
    }
    return pass(this.code, `${order.symbol} position ${after / LOT_UNITS} of ${limit} lots`, measured(after / LOT_UNITS, limit, 'lots'));
  },
};
