// Adding, clearing and expiring breaker trips in the engine's memory.
import type { RiskMemory } from '../state/risk-memory';
import type { BreakerCode, BreakerTrip } from '../state/trading-state';

export function activeTrip(memory: RiskMemory, breaker: BreakerCode): BreakerTrip | undefined {
  return memory.trips.find((trip) => trip.breaker === breaker);
}

/** Records the trip, replacing an earlier trip of the same breaker. */
export function trip(memory: RiskMemory, next: BreakerTrip): void {
  memory.trips = [...memory.trips.filter((t) => t.breaker !== next.breaker), next];
}

export function clearTrip(memory: RiskMemory, breaker: BreakerCode): boolean {
  const before = memory.trips.length;
  memory.trips = memory.trips.filter((t) => t.breaker !== breaker);
  return memory.trips.length !== before;
}

/** Drops trips whose `until` has passed; returns the breakers that expired. */
export function expireTrips(memory: RiskMemory, time: number): BreakerCode[] {
  const expired = memory.trips.filter((t) => t.until !== null && t.until <= time).map((t) => t.breaker);
  if (expired.length > 0) memory.trips = memory.trips.filter((t) => t.until === null || t.until > time);
  return expired;
}
