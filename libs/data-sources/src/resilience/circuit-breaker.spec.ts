import { ManualClock } from '@trading/domain';
import { CircuitBreaker, type BreakerState } from './circuit-breaker';

describe('CircuitBreaker', () => {
  function setup(): { clock: ManualClock; breaker: CircuitBreaker; changes: string[] } {
    const clock = new ManualClock(1_000);
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 30_000 }, clock);
    const changes: string[] = [];
    breaker.onChange(({ from, to, at }) => changes.push(`${from}->${to}@${at}`));
    return { clock, breaker, changes };
  }

  it('opens after the threshold of consecutive failures, not before', () => {
    const { breaker } = setup();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe<BreakerState>('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe<BreakerState>('open');
    expect(breaker.tryEnter()).toBe(false);
  });

  it('a success resets the count of consecutive failures', () => {
    const { breaker } = setup();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('goes half-open after the cool-down, lets one trial through, and closes on its success', () => {
    const { clock, breaker, changes } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.advance(29_999);
    expect(breaker.tryEnter()).toBe(false);
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryEnter()).toBe(true);
    expect(breaker.tryEnter()).toBe(false);
    expect(breaker.isAvailable()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['closed->open@1000', 'open->half-open@31000', 'half-open->closed@31000']);
  });

  it('reopens for a full cool-down when the trial fails', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.advance(30_000);
    expect(breaker.tryEnter()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.advance(29_000);
    expect(breaker.state).toBe('open');
    clock.advance(1_000);
    expect(breaker.state).toBe('half-open');
  });

  it('rejects a threshold below one', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, coolDownMs: 1 }, new ManualClock())).toThrow('failureThreshold');
  });
});
