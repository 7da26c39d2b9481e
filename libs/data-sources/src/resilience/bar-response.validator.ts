// Checks the bars a source answered with before anyone downstream sees them:
// a source that returns broken bars has failed, the same as one that timed
// out. Problems are collected (up to a limit) so the report says what was wrong.
import { timeframeMs, type Bar } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';

const MAX_PROBLEMS = 10;

export function barResponseProblems(request: BarRequest, bars: readonly Bar[]): string[] {
  const problems: string[] = [];
  const step = timeframeMs(request.timeframe);
  const add = (index: number, problem: string): boolean => {
    problems.push(`bar ${index} (${describeTime(bars[index]?.time)}): ${problem}`);
    return problems.length >= MAX_PROBLEMS;
  };
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i];
    if (bar.symbol !== request.symbol || bar.timeframe !== request.timeframe) {
      if (add(i, `is ${bar.symbol} ${bar.timeframe}, asked for ${request.symbol} ${request.timeframe}`)) break;
      continue;
    }
    const prices = [bar.open, bar.high, bar.low, bar.close];
    if (!prices.every((p) => Number.isFinite(p) && p > 0)) {
      if (add(i, `prices must be finite and positive, got O=${bar.open} H=${bar.high} L=${bar.low} C=${bar.close}`)) break;
      continue;
    }
    if (bar.low > Math.min(bar.open, bar.close) || bar.high < Math.max(bar.open, bar.close) || bar.low > bar.high) {
      if (add(i, `OHLC inconsistent: O=${bar.open} H=${bar.high} L=${bar.low} C=${bar.close}`)) break;
    }
    if (!(Number.isFinite(bar.volume) && bar.volume >= 0) || !(Number.isFinite(bar.spread) && bar.spread >= 0)) {
      if (add(i, `volume and spread must be finite and >= 0, got ${bar.volume} and ${bar.spread}`)) break;
    }
    if (!Number.isFinite(bar.time) || bar.time < request.from || bar.time >= request.to) {
      if (add(i, 'time outside the requested window')) break;
    } else if (bar.time % step !== 0) {
      if (add(i, `time not aligned to ${request.timeframe}`)) break;
    }
    if (i > 0 && bar.time <= bars[i - 1].time) {
      if (add(i, bar.time === bars[i - 1].time ? 'duplicate of the previous time' : 'earlier than the previous bar')) break;
    }
  }
  return problems;
}

function describeTime(time: number | undefined): string {
  // Beyond ±8.64e15 ms a number has no date (toISOString would throw).
  return time !== undefined && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}
