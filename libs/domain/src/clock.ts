// Time is UTC epoch milliseconds and always comes from an injected Clock, so a
// backtest, a replay and a live service differ only in the clock they are given.
export interface Clock {
  /** Current time, UTC epoch milliseconds. */
  now(): number;
}

/** A clock that only moves when told to: backtests, replays and tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  set(timeMs: number): void {
    if (timeMs < this.current) throw new RangeError(`ManualClock cannot go back from ${this.current} to ${timeMs}`);
    this.current = timeMs;
  }

  advance(deltaMs: number): void {
    if (deltaMs < 0) throw new RangeError(`ManualClock cannot advance by a negative amount (${deltaMs})`);
    this.current += deltaMs;
  }
}
