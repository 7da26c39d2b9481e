// Per-source circuit breaker: after N consecutive failed calls the source is
// left alone for a cool-down (open), then one trial call is let through
// (half-open); its success closes the breaker, its failure opens it again.
// Time comes from the injected clock, so tests move past the cool-down
// without sleeping.
import type { Clock } from '@trading/domain';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  readonly failureThreshold: number;
  /** Ms the breaker stays open before a trial call. */
  readonly coolDownMs: number;
}

export type BreakerListener = (change: { readonly from: BreakerState; readonly to: BreakerState; readonly at: number }) => void;

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly listeners: BreakerListener[] = [];

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError(`breaker failureThreshold must be an integer >= 1, got ${options.failureThreshold}`);
    }
    if (!(options.coolDownMs >= 0)) throw new RangeError(`breaker coolDownMs must be >= 0, got ${options.coolDownMs}`);
  }

  /** The state now (an open breaker whose cool-down has passed reads as half-open). */
  get state(): BreakerState {
    if (this.current === 'open' && this.clock.now() - this.openedAt >= this.options.coolDownMs) {
      this.transition('half-open');
    }
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  onChange(listener: BreakerListener): void {
    this.listeners.push(listener);
  }

  /** True when a call may go now; in half-open only one trial call at a time. */
  tryEnter(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** Whether a call would be let through now, without taking the half-open trial slot. */
  isAvailable(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.trialInFlight);
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  recordFailure(): void {
    this.failures += 1;
    const wasTrial = this.current === 'half-open';
    this.trialInFlight = false;
    if (wasTrial || (this.current === 'closed' && this.failures >= this.options.failureThreshold)) {
      this.openedAt = this.clock.now();
      this.transition('open');
    }
  }

  /** Releases a half-open trial slot taken by a call that ended without a verdict (caller aborted). */
  releaseTrial(): void {
    this.trialInFlight = false;
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    const at = this.clock.now();
    for (const listener of this.listeners) listener({ from, to, at });
  }
}
