// The wall clock, for services running live. Core libraries never read time
// themselves; apps inject this where a backtest or replay injects ManualClock.
import type { Clock } from '@trading/domain';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
