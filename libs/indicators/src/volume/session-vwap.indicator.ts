// Session VWAP: volume-weighted mean of the typical price (h+l+c)/3 since the
// session began. Sessions are UTC days shifted to start at `sessionStartHour`
// (0 = midnight UTC; 22 = the FX week's 17:00 New York roll in winter). The
// first bar of a session starts afresh; NaN until the session has volume.
import { DOUBLE_ZERO } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export class SessionVwap implements StreamingIndicator {
  readonly lookback = 0;
  value = Number.NaN;
  private readonly offsetMs: number;
  private session = Number.NaN;
  private weighted = DOUBLE_ZERO;
  private volume = DOUBLE_ZERO;

  constructor(readonly sessionStartHour = 0) {
    if (!Number.isInteger(sessionStartHour) || sessionStartHour < 0 || sessionStartHour > 23) {
      throw new RangeError(`vwap: sessionStartHour must be an integer 0..23, got ${String(sessionStartHour)}`);
    }
    this.offsetMs = sessionStartHour * HOUR_MS;
  }

  /** `time` is the bar's UTC start in epoch milliseconds. */
  update(time: number, high: number, low: number, close: number, volume: number): number {
    const session = Math.floor((time - this.offsetMs) / DAY_MS);
    if (session !== this.session) {
      this.session = session;
      this.weighted = 0;
      this.volume = 0;
      this.value = Number.NaN;
    }
    this.weighted += ((high + low + close) / 3) * volume;
    this.volume += volume;
    if (this.volume > 0) this.value = this.weighted / this.volume;
    return this.value;
  }
}
