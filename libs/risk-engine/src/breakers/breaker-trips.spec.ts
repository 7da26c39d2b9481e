// The trip list every breaker writes to: one trip per breaker, replaced or
// cleared by code without touching the others, and timed trips dropped at
// their `until` to the millisecond while the untimed ones stay.
import { initialRiskMemory, type RiskMemory } from '../state/risk-memory';
import type { BreakerCode, BreakerTrip } from '../state/trading-state';
import { activeTrip, clearTrip, expireTrips, trip } from './breaker-trips';

const T = Date.UTC(2025, 6, 7, 12);

const tripOf = (breaker: BreakerCode, until: number | null, reason: string = breaker): BreakerTrip => ({ breaker, state: 'HALTED', reason, since: T, until, latched: until === null });

function memoryWith(...trips: BreakerTrip[]): RiskMemory {
  return { ...initialRiskMemory(), trips };
}

describe('breaker trips', () => {
  it('finds the trip of one breaker among others, and nothing for a breaker that has none', () => {
    const memory = memoryWith(tripOf('DAILY_LOSS', T + 1), tripOf('MAX_DRAWDOWN', null));
    expect(activeTrip(memory, 'MAX_DRAWDOWN')).toBe(memory.trips[1]);
    expect(activeTrip(memory, 'DAILY_LOSS')).toBe(memory.trips[0]);
    expect(activeTrip(memory, 'KILL_SWITCH')).toBeUndefined();
  });

  it('a new trip replaces the earlier trip of its breaker and keeps the others', () => {
    const memory = memoryWith(tripOf('DAILY_LOSS', T + 1, 'first'), tripOf('MAX_DRAWDOWN', null));
    trip(memory, tripOf('DAILY_LOSS', T + 2, 'second'));
    expect(memory.trips.map((t) => `${t.breaker} ${t.reason}`)).toEqual(['MAX_DRAWDOWN MAX_DRAWDOWN', 'DAILY_LOSS second']);
  });

  it('clears one breaker only, and says whether it had a trip to clear', () => {
    const memory = memoryWith(tripOf('DAILY_LOSS', T + 1), tripOf('MAX_DRAWDOWN', null));
    expect(clearTrip(memory, 'DAILY_LOSS')).toBe(true);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['MAX_DRAWDOWN']);
    expect(clearTrip(memory, 'DAILY_LOSS')).toBe(false);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['MAX_DRAWDOWN']);
  });

  it('expires a trip exactly at its until, not a millisecond before, and keeps untimed and later trips', () => {
    const memory = memoryWith(tripOf('MAX_DRAWDOWN', null), tripOf('DAILY_LOSS', T + 1000), tripOf('CONSECUTIVE_LOSSES', T + 1001));
    expect(expireTrips(memory, T + 999)).toEqual([]);
    expect(memory.trips).toHaveLength(3);
    expect(expireTrips(memory, T + 1000)).toEqual(['DAILY_LOSS']);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['MAX_DRAWDOWN', 'CONSECUTIVE_LOSSES']);
    expect(expireTrips(memory, T + 1001)).toEqual(['CONSECUTIVE_LOSSES']);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['MAX_DRAWDOWN']);
  });
});
