// A request already decided (a redelivered message) or a repeat of an entry
// approved for the same strategy, symbol and side within duplicate.windowMs is
// dropped. The window holds every approved entry of its span, whatever
// duplicate.rememberIds says (that bounds only the exact-id memory). An order
// that only closes or shrinks a position is never a duplicate.
import { pass, deny, REDUCES_EXPOSURE, type RiskRule } from './risk-rule';

export const duplicateSignalRule: RiskRule = {
  code: 'DUPLICATE_SIGNAL',
  sizeDependent: false,
  check(context) {
    const { signal, time, limits, order } = context;
    if (context.seenSignalIds.has(signal.id)) return deny(this.code, 'DUPLICATE_SIGNAL', `request ${signal.id} was already decided`);
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const entries = context.memory.approvedEntries;
    const since = time - limits.duplicate.windowMs;
    for (let i = entries.length - 1; i >= 0 && entries[i].time > since; i--) {
      const seen = entries[i];
      if (seen.strategy === signal.strategy && seen.symbol === signal.symbol && seen.side === signal.side) {
        return deny(
          this.code,
          'DUPLICATE_SIGNAL',
          `${signal.strategy} already had ${signal.side} ${signal.symbol} approved ${time - seen.time} ms ago (signal ${seen.id}), inside the ${limits.duplicate.windowMs} ms window`,
        );
      }
    }
    return pass(this.code, 'first entry of its kind in the window');
  },
};
