// The effective trading state is the most severe active trip's, and among
// trips of one severity the earliest is the cause a person is told about.
import { type BreakerTrip, effectiveState, moreSevere } from './trading-state';

function tripOf(breaker: BreakerTrip['breaker'], state: BreakerTrip['state'], since: number): BreakerTrip {
  return { breaker, state, reason: `${breaker} reason`, since, until: null, latched: false };
}

describe('trading state', () => {
  it('orders the states ACTIVE < REDUCING < HALTED whichever comes first', () => {
    expect(moreSevere('ACTIVE', 'REDUCING')).toBe('REDUCING');
    expect(moreSevere('REDUCING', 'ACTIVE')).toBe('REDUCING');
    expect(moreSevere('HALTED', 'REDUCING')).toBe('HALTED');
    expect(moreSevere('REDUCING', 'HALTED')).toBe('HALTED');
    expect(moreSevere('ACTIVE', 'ACTIVE')).toBe('ACTIVE');
  });

  it('is ACTIVE with no cause when nothing has tripped', () => {
    expect(effectiveState([])).toEqual({ state: 'ACTIVE', cause: null });
  });

  it('takes the most severe trip, wherever it stands in the list', () => {
    const reducing = tripOf('CONSECUTIVE_LOSSES', 'REDUCING', 1);
    const halted = tripOf('DAILY_LOSS', 'HALTED', 5);
    expect(effectiveState([reducing, halted])).toEqual({ state: 'HALTED', cause: halted });
    expect(effectiveState([halted, reducing])).toEqual({ state: 'HALTED', cause: halted });
  });

  it('among trips of one severity, names the earliest; at the same time, the first listed', () => {
    const early = tripOf('VOLATILITY_SPIKE', 'REDUCING', 100);
    const late = tripOf('CONSECUTIVE_LOSSES', 'REDUCING', 200);
    expect(effectiveState([late, early]).cause).toBe(early);
    expect(effectiveState([early, late]).cause).toBe(early);
    const sameTime = tripOf('MANUAL_REDUCE', 'REDUCING', 100);
    expect(effectiveState([early, sameTime]).cause).toBe(early);
    expect(effectiveState([sameTime, early]).cause).toBe(sameTime);
  });
});
