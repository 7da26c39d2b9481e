// When live mode asks a source for a series again. Like the seed design's
// 60-second loop, but on the series' own clock: right after each bar closes
// (plus a settling delay, as providers publish a closed bar a little late),
// and every `retryMs` in between while a closed bar is still missing or the
// last poll failed. Bars missing only over the FX weekend are not waited for.
import { bucketStart, isWeekendGap, timeframeMs, type Timeframe } from '@trading/domain';

export interface LiveTiming {
  /** Wait after a close before asking for the bar that closed. */
  readonly settleMs: number;
  /** Ask again this soon while behind or after a failure. */
  readonly retryMs: number;
}

/** Start of the newest bar that has closed by `now` (the one starting at bucketStart(now) is still forming). */
export function lastClosedBarStart(timeframe: Timeframe, now: number): number {
  return bucketStart(now, timeframe) - timeframeMs(timeframe);
}

/** True when a series read through `cursor` misses no closed bar but the weekend's. */
export function isCaughtUp(timeframe: Timeframe, cursor: number | undefined, now: number): boolean {
  if (cursor === undefined) return false;
  const step = timeframeMs(timeframe);
  const newest = lastClosedBarStart(timeframe, now);
  return cursor >= newest || isWeekendGap(cursor, newest + step, step);
}

/** When to poll a series next, after a poll at `now` that left it at `cursor`. */
export function nextPollTime(timeframe: Timeframe, cursor: number | undefined, now: number, failed: boolean, timing: LiveTiming): number {
  const nextClose = bucketStart(now, timeframe) + timeframeMs(timeframe);
  const onSchedule = nextClose + timing.settleMs;
  if (!failed && isCaughtUp(timeframe, cursor, now)) return onSchedule;
  return Math.min(now + timing.retryMs, onSchedule);
}
