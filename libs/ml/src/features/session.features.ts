// When the bar is and what it costs: UTC hour and weekday (the trees find the
// sessions themselves), the bars missing before this one (weekend and holiday
// gaps), and the spread in points and in ATR units.
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export class SessionFeatures implements FeatureGroup {
  readonly names = ['hour_of_day', 'day_of_week', 'gap_bars', 'spread_points', 'spread_atr'];
  readonly lookback = 1;

  /**
   * @param barMs the timeframe's length, to count missing bars
   * @param pointSize price of one spread point (10^-precision of the instrument)
   */
  constructor(
    private readonly barMs: number,
    private readonly pointSize: number,
  ) {}

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    const time = bar.time;
    out[at] = Math.floor(time / HOUR_MS) % 24;
    // 1970-01-01 was a Thursday: +4 makes 0 Sunday, as JavaScript's getUTCDay.
    out[at + 1] = (Math.floor(time / DAY_MS) + 4) % 7;
    out[at + 2] = shared.previousTime === shared.previousTime ? Math.round((time - shared.previousTime) / this.barMs) - 1 : Number.NaN;
    out[at + 3] = bar.spread;
    out[at + 4] = ratio(bar.spread * this.pointSize, shared.atr);
  }
}
