// Caps how many instruments hold a position (or a working order) at once; only
// an order that opens a new one can be refused.
import { pass, deny, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const maxOpenPositionsRule: RiskRule = {
  code: 'MAX_OPEN_POSITIONS',
  sizeDependent: false,
  check(context) {
    const { order, book, view, limits, signedUnits } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    let open = 0;
    for (const other of view.books.values()) if (other.netUnits !== 0) open++;
    const opensNew = book.netUnits === 0 && signedUnits !== 0;
    if (opensNew && open + 1 > limits.maxOpenPositions) {
      return deny(this.code, 'MAX_OPEN_POSITIONS', `${open} positions are open, the limit is ${limits.maxOpenPositions}`, measured(open + 1, limits.maxOpenPositions, 'positions'));
    }
    return pass(this.code, `${opensNew ? open + 1 : open} of ${limits.maxOpenPositions} positions`, measured(opensNew ? open + 1 : open, limits.maxOpenPositions, 'positions'));
  },
};
