// Checks a bar series row by row and as a series, applies the policy, and
// returns the bars it passes on together with a report of every finding.
//
// Rules (all times UTC ms, rows in file order):
// - nonfinite: a time, price, volume or spread that is NaN or infinite (also
//   what an unreadable field, an impossible date such as Feb 30 or 25:00, or a
//   short line parses to).
// - timerange: a time before 1970-01-01 or from 2100-01-01 UTC (a wrong epoch
//   unit, a typo in the year, 1e20). Such a row takes no part in the ordering
//   checks below, so it can never make the genuine rows after it look like
//   steps back in time.
// - nonpositive: a price <= 0, or a negative volume or spread.
// - ohlc: low > min(open, close), high < max(open, close) or low > high.
// - duplicate: the row's time equals the time of an earlier row passed on. A
//   row repeating the time of a rejected row (a broken row, then its
//   correction) is the only valid bar of that time and is kept.
// - backwards: the row's time is earlier than the time of the row just before it
//   in the file, skipping rows whose time is unreadable or out of range (a row
//   can be both a duplicate and a backward step).
// - unordered: earlier than the last row passed on, though neither of the above
//   (rows following a backward step); dropped so the output is strictly ordered.
// Then, over the rows passed on:
// - spike: robust z-score of the close's log return, 0.6745 * (r - median) / MAD,
//   median and MAD over the whole series, beyond ±spikeThreshold (default 20).
//   A bar right after a spike is one only if it is also that far from the
//   last bar that was not: returning from a bad tick is not a second spike.
//   FX returns are fat-tailed: on the shared EURUSD files news bars (NFP, FOMC)
//   reach z 12-20 (47 bars above 12 in the H1 file, 6 above 20); a bad tick a
//   percent off scores far above 20 on any timeframe up to H1.
//   When MAD is 0 (flat series) the mean absolute deviation * 1.2533 stands in.
// - stale: staleBars (default 10) or more consecutive bars with identical open,
//   high, low and close; one finding per run, on its first row. Quiet M1
//   minutes around the daily rollover repeat a flat bar 5-9 times in real data.
// - gap: consecutive bars further apart than one bar, with at least
//   gapMinMissingBars (default 1) bars missing, outside the FX weekend window
//   (see fx-weekend.ts); one finding on the row after the gap.
import { type BarColumns, timeframeMs } from '@trading/domain';
import { type Finding, type FindingCounts, type FindingKind, type FindingOutcome, zeroCounts } from './finding';
import { FX_WEEKEND_RULE, isWeekendGap } from '@trading/domain';
import { medianInPlace } from './robust-stats';
import { type FindingAction, type ValidationPolicy, validationPolicy } from './validation.policy';

export interface ValidationOptions {
  /** Overrides of the default policy, by finding kind. */
  readonly policy?: Partial<Record<FindingKind, FindingAction>>;
  /** Source row number of each bar (1-based); defaults to index + 1. */
  readonly rows?: Int32Array;
  readonly spikeThreshold?: number;
  readonly staleBars?: number;
  readonly gapMinMissingBars?: number;
}

export interface ValidationRules {
  readonly spikeThreshold: number;
  readonly staleBars: number;
  readonly gapMinMissingBars: number;
  readonly weekend: string;
}

export interface ValidationReport {
  /** Rows read. */
  readonly bars: number;
  readonly kept: number;
  readonly dropped: number;
  readonly rejected: number;
  readonly counts: FindingCounts;
  readonly policy: ValidationPolicy;
  readonly rules: ValidationRules;
  /** Every finding, ordered by row. */
  readonly findings: readonly Finding[];
}

export interface ValidatedBars {
  readonly columns: BarColumns;
  readonly report: ValidationReport;
}

const OUTCOME: Readonly<Record<FindingAction, FindingOutcome>> = { drop: 'dropped', reject: 'rejected', report: 'reported' };
// Row fates, ordered so the strongest wins.
const KEEP = 0;
const DROP = 1;
const REJECT = 2;
const FATE: Readonly<Record<FindingAction, number>> = { report: KEEP, drop: DROP, reject: REJECT };
/** The sane range of a bar's start time: [1970-01-01, 2100-01-01) UTC. */
export const MIN_BAR_TIME = 0;
export const MAX_BAR_TIME = 4_102_444_800_000;

export function validateBars(input: BarColumns, options: ValidationOptions = {}): ValidatedBars {
  const policy = validationPolicy(options.policy);
  const rules: ValidationRules = {
    spikeThreshold: positive(options.spikeThreshold ?? 20, 'spikeThreshold'),
    staleBars: Math.max(2, Math.floor(positive(options.staleBars ?? 10, 'staleBars'))),
    gapMinMissingBars: Math.max(1, Math.floor(positive(options.gapMinMissingBars ?? 1, 'gapMinMissingBars'))),
    weekend: FX_WEEKEND_RULE,
  };
  const n = input.length;
  const rowNumbers = options.rows;
  if (rowNumbers && rowNumbers.length !== n) throw new RangeError(`rows has ${rowNumbers.length} entries for ${n} bars`);
  const findings: Finding[] = [];
  const counts = zeroCounts();
  const { time, open, high, low, close, volume, spread } = input;
  const rowOf = (i: number): number => (rowNumbers ? rowNumbers[i] : i + 1);
  const add = (kind: FindingKind, i: number, value: number | null, detail: string): number => {
    counts[kind]++;
    const t = time[i];
    findings.push({ kind, row: rowOf(i), time: t >= MIN_BAR_TIME && t < MAX_BAR_TIME ? t : null, value, outcome: OUTCOME[policy[kind]], detail });
    return FATE[policy[kind]];
  };

  const kept = new Int32Array(n);
  let keptCount = 0;
  let dropped = 0;
  let rejected = 0;
  let maxTime = -Infinity;
  let lastKeptTime = -Infinity;
  // Time of the last row whose time is readable and in range: a step back is measured from it.
  let previous = Number.NaN;
  let previousIndex = -1;
  // Index of the first row passed on with each time; built only once a row
  // fails to move time forward, so clean, ordered files never pay for it.
  let firstRowAt: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const v = volume[i];
    const s = spread[i];
    let fate = KEEP;
    const sum = t + o + h + l + c + v + s;
    // One sum tells whether any value is NaN or infinite (or the sum overflows; then look closer).
    const unreadable = sum - sum !== 0 ? nonFiniteFields(t, o, h, l, c, v, s) : '';
    if (unreadable !== '') {
      fate = Math.max(fate, add('nonfinite', i, null, `unreadable or non-finite ${unreadable}`));
    } else {
      if (o <= 0 || h <= 0 || l <= 0 || c <= 0 || v < 0 || s < 0) {
        fate = Math.max(fate, add('nonpositive', i, Math.min(o, h, l, c, v, s), `open ${o} high ${h} low ${l} close ${c} volume ${v} spread ${s}`));
      }
      if (l > h || l > (o < c ? o : c) || h < (o > c ? o : c)) {
        fate = Math.max(fate, add('ohlc', i, null, `open ${o} high ${h} low ${l} close ${c}`));
      }
    }
    const inRange = t >= MIN_BAR_TIME && t < MAX_BAR_TIME;
    if (!inRange && Number.isFinite(t)) {
      fate = Math.max(fate, add('timerange', i, t, `time ${describeTime(t)} is outside 1970-01-01 .. 2099-12-31 UTC`));
    }
    if (inRange) {
      let repeated = false;
      if (t > maxTime) maxTime = t;
      else {
        firstRowAt ??= indexFirstRows(time, kept, keptCount);
        const first = firstRowAt.get(t);
        if (first !== undefined) {
          repeated = true;
          fate = Math.max(fate, add('duplicate', i, rowOf(first), `same time as row ${rowOf(first)}${sameBar(input, first, i) ? ' (identical bar)' : ' (different prices)'}`));
        }
      }
      const backwards = t < previous;
      if (backwards) fate = Math.max(fate, add('backwards', i, previous - t, `earlier than the row before it (row ${rowOf(previousIndex)}) by ${previous - t} ms`));
      if (!repeated && !backwards && t < lastKeptTime && fate === KEEP) {
        fate = add('unordered', i, lastKeptTime - t, `earlier than the last bar passed on by ${lastKeptTime - t} ms`);
      }
      previous = t;
      previousIndex = i;
    }
    if (fate === KEEP) {
      kept[keptCount++] = i;
      if (t > lastKeptTime) lastKeptTime = t;
      if (firstRowAt && !firstRowAt.has(t)) firstRowAt.set(t, i);
    } else if (fate === DROP) dropped++;
    else rejected++;
  }

  let keptIndex = kept.subarray(0, keptCount);
  const spikeFates = findSpikes(input, keptIndex, rules.spikeThreshold, add);
  if (spikeFates) {
    const stillKept = keptIndex.filter((_, j) => spikeFates[j] === KEEP);
    for (let j = 0; j < keptIndex.length; j++) {
      if (spikeFates[j] === DROP) dropped++;
      else if (spikeFates[j] === REJECT) rejected++;
    }
    keptIndex = stillKept;
  }
  findStaleRuns(input, keptIndex, rules.staleBars, add);
  findGaps(input, keptIndex, rules.gapMinMissingBars, add);

  findings.sort((a, b) => a.row - b.row);
  const columns = keptIndex.length === n ? input : pick(input, keptIndex);
  return { columns, report: { bars: n, kept: keptIndex.length, dropped, rejected, counts, policy, rules, findings } };
}

type AddFinding = (kind: FindingKind, i: number, value: number | null, detail: string) => number;

/** Flags spikes among the kept bars; returns each kept bar's fate when a spike is not only reported. */
function findSpikes(input: BarColumns, keptIndex: Int32Array, threshold: number, add: AddFinding): Uint8Array | undefined {
  const m = keptIndex.length;
  if (m < 3) return undefined;
  const close = input.close;
  const returns = new Float64Array(m - 1);
  for (let j = 1; j < m; j++) returns[j - 1] = Math.log(close[keptIndex[j]] / close[keptIndex[j - 1]]);
  const scratch = returns.slice();
  const median = medianInPlace(scratch);
  for (let j = 0; j < scratch.length; j++) scratch[j] = Math.abs(returns[j] - median);
  let spread = medianInPlace(scratch);
  // 1.2533 = sqrt(pi/2) scales the mean absolute deviation to the MAD of a normal sample.
  if (spread === 0) spread = (scratch.reduce((sum, x) => sum + x, 0) / scratch.length) * 1.2533;
  if (!(spread > 0)) return undefined;
  const scale = 0.6745 / spread;
  let fates: Uint8Array | undefined;
  let previousWasSpike = false;
  // Kept position of the last bar that was not a spike.
  let lastGood = 0;
  for (let j = 0; j < returns.length; j++) {
    const z = (returns[j] - median) * scale;
    let isSpike = z > threshold || z < -threshold;
    // The bar after a bad tick shows the fall back from it as a jump of its
    // own; measured from the last good bar it is an ordinary bar.
    if (isSpike && previousWasSpike) {
      const fromLastGood = (Math.log(close[keptIndex[j + 1]] / close[keptIndex[lastGood]]) - median) * scale;
      isSpike = fromLastGood > threshold || fromLastGood < -threshold;
    }
    previousWasSpike = isSpike;
    if (!isSpike) lastGood = j + 1;
    if (isSpike) {
      const i = keptIndex[j + 1];
      const fate = add('spike', i, round(z, 2), `close ${close[i]} after ${close[keptIndex[j]]}: log return ${returns[j].toExponential(3)}, robust z ${z.toFixed(1)}`);
      if (fate !== KEEP) {
        fates ??= new Uint8Array(m);
        fates[j + 1] = fate;
      }
    }
  }
  return fates;
}

function findStaleRuns(input: BarColumns, keptIndex: Int32Array, minRun: number, add: AddFinding): void {
  const { open, high, low, close } = input;
  let runStart = 0;
  for (let j = 1; j <= keptIndex.length; j++) {
    const same =
      j < keptIndex.length &&
      open[keptIndex[j]] === open[keptIndex[j - 1]] &&
      high[keptIndex[j]] === high[keptIndex[j - 1]] &&
      low[keptIndex[j]] === low[keptIndex[j - 1]] &&
      close[keptIndex[j]] === close[keptIndex[j - 1]];
    if (same) continue;
    const length = j - runStart;
    if (length >= minRun) {
      const i = keptIndex[runStart];
      add('stale', i, length, `${length} consecutive bars with open/high/low/close ${open[i]}/${high[i]}/${low[i]}/${close[i]}`);
    }
    runStart = j;
  }
}

function findGaps(input: BarColumns, keptIndex: Int32Array, minMissing: number, add: AddFinding): void {
  const step = timeframeMs(input.timeframe);
  const time = input.time;
  const minDistance = step * (minMissing + 1);
  for (let j = 1; j < keptIndex.length; j++) {
    const previous = time[keptIndex[j - 1]];
    const next = time[keptIndex[j]];
    if (next - previous < minDistance || isWeekendGap(previous, next, step)) continue;
    const missing = Math.ceil((next - previous) / step) - 1;
    add('gap', keptIndex[j], next - previous - step, `no bar from ${iso(previous + step)} to ${iso(next)} (${missing} bar${missing === 1 ? '' : 's'} missing)`);
  }
}

/** Time → index of the first row passed on with that time, over the first `count` kept rows. */
function indexFirstRows(time: Float64Array, kept: Int32Array, count: number): Map<number, number> {
  const first = new Map<number, number>();
  for (let j = 0; j < count; j++) {
    const t = time[kept[j]];
    if (!first.has(t)) first.set(t, kept[j]);
  }
  return first;
}

function sameBar(c: BarColumns, a: number, b: number): boolean {
  return c.open[a] === c.open[b] && c.high[a] === c.high[b] && c.low[a] === c.low[b] && c.close[a] === c.close[b] && c.volume[a] === c.volume[b] && c.spread[a] === c.spread[b];
}

function nonFiniteFields(...values: number[]): string {
  const names = ['time', 'open', 'high', 'low', 'close', 'volume', 'spread'];
  return names.filter((_, k) => !Number.isFinite(values[k])).join(', ');
}

/** An ISO date when the time has one (|t| <= 8.64e15 ms), else the number itself. */
function describeTime(timeMs: number): string {
  return Math.abs(timeMs) <= 8.64e15 ? new Date(timeMs).toISOString() : `${timeMs} ms`;
}

function pick(input: BarColumns, index: Int32Array): BarColumns {
  const take = (column: Float64Array): Float64Array => {
    const out = new Float64Array(index.length);
    for (let j = 0; j < index.length; j++) out[j] = column[index[j]];
    return out;
  };
  return {
    symbol: input.symbol,
    timeframe: input.timeframe,
    length: index.length,
    time: take(input.time),
    open: take(input.open),
    high: take(input.high),
    low: take(input.low),
    close: take(input.close),
    volume: take(input.volume),
    spread: take(input.spread),
  };
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString().replace('.000Z', 'Z');
}
