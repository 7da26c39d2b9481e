// How much history a warm-up reads, and how: the last `bars` closed bars of a
// feed before `now`, asked for in windows walking back from `now` (weekends
// and holidays hold no bars, so a window is at least a week and twice what is
// still missing), until enough came back or a whole window is empty.
import { type Bar, type Timeframe, timeframeMs } from '@trading/domain';
import type { BarHistory } from './bar-history.port';
import { BARS_PER_REQUEST } from './http-bar-history';

const WEEK_MS = 7 * 86_400_000;
/** A walk back stops after this many windows, whatever it found. */
export const MAX_WARMUP_WINDOWS = 24;

export async function readWarmupBars(history: BarHistory, symbol: string, timeframe: Timeframe, bars: number, now: number): Promise<Bar[]> {
  if (bars <= 0) return [];
  const barMs = timeframeMs(timeframe);
  const windowMs = Math.min(BARS_PER_REQUEST, Math.max(2 * bars, Math.ceil(WEEK_MS / barMs))) * barMs;
  const pages: Bar[][] = [];
  let found = 0;
  let to = now;
  for (let window = 0; window < MAX_WARMUP_WINDOWS && found < bars; window++) {
    const from = to - windowMs;
    // Only closed bars: one that closes after `now` is still forming.
    const page = (await history.bars(symbol, timeframe, from, to)).filter((bar) => bar.time + barMs <= now);
    if (page.length === 0) break;
    pages.unshift(page);
    found += page.length;
    to = from;
  }
  const all = pages.flat();
  return all.slice(Math.max(0, all.length - bars));
}
