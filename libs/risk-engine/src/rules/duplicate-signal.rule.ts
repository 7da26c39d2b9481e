// A signal already decided (redelivered message) or a repeat of an approved
// signal for the same strategy, symbol and side within the window is dropped.
import { pass, deny, type RiskRule } from './risk-rule';

export const duplicateSignalRule: RiskRule = {
  code: 'DUPLICATE_SIGNAL',
  sizeDependent: false,
  check(context) {
    const { signal, time, limits } = context;
    if (context.seenSignalIds.has(signal.id)) return deny(this.code, 'DUPLICATE_SIGNAL', `signal ${signal.id} was already decided`);
    const recent = context.memory.recentSignals;
    const since = time - limits.duplicate.windowMs;
    for (let i = recent.length - 1; i >= 0 && recent[i].time > since; i--) {
      const seen = recent[i];
      if (seen.approved && seen.strategy === signal.strategy && seen.symbol === signal.symbol && seen.side === signal.side) {
        return deny(
          this.code,
          'DUPLICATE_SIGNAL',
          `${signal.strategy} already had ${signal.side} ${signal.symbol} approved ${time - seen.time} ms ago (signal ${seen.id}), inside the ${limits.duplicate.windowMs} ms window`,
        );
      }
    }
    return pass(this.code, 'first signal of its kind in the window');
  },
};
