// The FX weekend, for telling a missing weekend from a missing stretch of the
// week. The market closes Friday 21:00 UTC (22:00 in northern winter) and
// reopens Sunday 21:00 or 22:00 UTC. Files are often stamped in broker time
// (UTC+2/+3) and read as UTC, which moves the same weekend to Saturday 00:00 ..
// Monday 00:00. One tolerant window covers both readings in every season:
//
//   a gap is a weekend gap when every missing bar starts within
//   [Friday 20:00 UTC, Monday 01:00 UTC) of one weekend.
//
// The price of the tolerance: up to one missing hour on either side of the
// weekend (Friday 20:00, Sunday/Monday around the open) is not reported.
// Holidays (25 December, 1 January) fall outside it and are reported.
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday; Monday 1969-12-29 00:00 UTC anchors the weeks. */
const FIRST_MONDAY_MS = -3 * DAY_MS;
const WINDOW_OPENS = 4 * DAY_MS + 20 * HOUR_MS;
const WINDOW_CLOSES = 7 * DAY_MS + HOUR_MS;

export const FX_WEEKEND_RULE = 'missing bars all start within [Friday 20:00, Monday 01:00) UTC of one weekend';

/**
 * True when the bars missing between a bar at `previousTime` and the next at
 * `nextTime` (bars `stepMs` long) all start inside one weekend window.
 */
export function isWeekendGap(previousTime: number, nextTime: number, stepMs: number): boolean {
  const firstMissing = previousTime + stepMs;
  const lastMissing = nextTime - stepMs;
  const weekStart = FIRST_MONDAY_MS + Math.floor((firstMissing - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS;
  for (const start of [weekStart - WEEK_MS, weekStart]) {
    if (firstMissing >= start + WINDOW_OPENS && lastMissing < start + WINDOW_CLOSES) return true;
  }
  return false;
}
