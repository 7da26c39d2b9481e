// The validator's boundaries and messages: the exact value at which each rule
// starts to fire, the detail text of each finding, and the spike z-score
// recomputed here by sorting (the validator selects without sorting).
import type { BarColumns } from '@trading/domain';
import { validateBars } from './bar.validator';
import { validationPolicy } from './validation.policy';

const H = 3_600_000;
// Tuesday 2022-01-04 00:00 UTC: far from any weekend.
const T0 = Date.UTC(2022, 0, 4);

type Row = [time: number, open: number, high: number, low: number, close: number, volume?: number, spread?: number];

function columns(rows: readonly Row[]): BarColumns {
  const col = (k: number, fallback = 0): Float64Array => Float64Array.from(rows.map((r) => r[k] ?? fallback));
  return { symbol: 'EURUSD', timeframe: 'H1', length: rows.length, time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5, 100), spread: col(6, 5) };
}

/** Hourly bars from T0 closing at `closes`, each with a range of 2 points around the close. */
function closing(closes: readonly number[]): Row[] {
  return closes.map((close, i): Row => [T0 + i * H, close, close + 0.00002, close - 0.00002, close]);
}

/** A calm series alternating small steps: no spikes, no stale runs. */
function calmCloses(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 1.1 + (i % 2) * 0.0001 + (i % 7) * 0.00001);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
};

/** The robust z-score of every log return of `closes`, by sorting: 0.6745 (r - median) / MAD, or the mean absolute deviation x 1.2533 when the MAD is 0. */
function robustZ(closes: readonly number[]): number[] {
  const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]));
  const m = median(returns);
  const deviations = returns.map((r) => Math.abs(r - m));
  let spread = median(deviations);
  if (spread === 0) spread = (deviations.reduce((a, b) => a + b, 0) / deviations.length) * 1.2533;
  return returns.map((r) => (r - m) * (0.6745 / spread));
}

describe('bar validation at its boundaries', () => {
  it('drops a row repeating the time of the row just before it, with the identical bar named', () => {
    const rows = closing(calmCloses(40));
    rows.splice(2, 0, [...rows[1]]);
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings).toEqual([{ kind: 'duplicate', row: 3, time: T0 + H, value: 2, outcome: 'dropped', detail: 'same time as row 2 (identical bar)' }]);
    expect([out.length, report.dropped, report.counts.backwards]).toEqual([40, 1, 0]);
  });

  it.each([
    ['open', 1],
    ['high', 2],
    ['low', 3],
    ['close', 4],
    ['volume', 5],
    ['spread', 6],
  ] as const)('calls a repeated time whose %s differs a bar with different prices', (_field, k) => {
    const rows = closing(calmCloses(40));
    const repeat: Row = [...rows[1]];
    repeat[k] = (repeat[k] ?? 0) + (k === 3 ? -0.00001 : k <= 4 ? 0.00001 : 1);
    rows.push(repeat);
    expect(validateBars(columns(rows)).report.findings.find((f) => f.kind === 'duplicate')?.detail).toBe('same time as row 2 (different prices)');
  });

  it('finds a repeat of a row passed on after the first step back in time too', () => {
    const rows: Row[] = [0, 1, 2, 1, 3, 3].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.row, f.value])).toEqual([
      ['duplicate', 4, 2],
      ['backwards', 4, H],
      ['duplicate', 6, 5],
    ]);
    expect(Array.from(out.time)).toEqual([0, 1, 2, 3].map((h) => T0 + h * H));
  });

  it('keeps the correction of a broken first row: no earlier bar was passed on with its time', () => {
    const rows: Row[] = [
      [T0, 1.1, 1.0999, 1.1001, 1.1],
      [T0, 1.1, 1.1002, 1.0998, 1.1001],
      [T0 + H, 1.1, 1.1002, 1.0998, 1.1001],
    ];
    const { report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.row])).toEqual([['ohlc', 1]]);
    expect(report.kept).toBe(2);
  });

  it('counts a row behind the last bar passed on that is also broken once, as rejected', () => {
    const rows: Row[] = [0, 1, 3, 2].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    rows.push([T0 + 2.5 * H, 1.1, 1.1002, 1.0998, 1.1001, -1]);
    const { report } = validateBars(columns(rows));
    // (The hour the step back skipped is also reported as a gap.)
    expect(report.findings.filter((f) => f.kind !== 'gap').map((f) => [f.kind, f.row])).toEqual([
      ['backwards', 4],
      ['nonpositive', 5],
    ]);
    expect([report.dropped, report.rejected, report.counts.unordered]).toEqual([1, 1, 0]);
  });

  it('says how far a row behind the last bar passed on is', () => {
    const rows: Row[] = [0, 1, 4, 2, 3].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    const unordered = validateBars(columns(rows)).report.findings.filter((f) => f.kind === 'unordered');
    expect(unordered).toEqual([{ kind: 'unordered', row: 5, time: T0 + 3 * H, value: H, outcome: 'dropped', detail: `earlier than the last bar passed on by ${H} ms` }]);
  });

  it.each([
    ['open', [T0, 0, 1.1, 0.9, 1.0]],
    ['high', [T0, 1.0, 0, 0.9, 1.0]],
    ['low', [T0, 1.0, 1.1, 0, 1.0]],
    ['close', [T0, 1.0, 1.1, 0.9, 0]],
  ] as const)('rejects a zero %s', (_field, row) => {
    const { report } = validateBars(columns([[...row]]));
    expect(report.findings.filter((f) => f.kind === 'nonpositive').map((f) => [f.value, f.detail])).toEqual([
      [0, `open ${row[1]} high ${row[2]} low ${row[3]} close ${row[4]} volume 100 spread 5`],
    ]);
  });

  it('rejects a low above the lower of open and close, and a high below the higher, whichever of the two it is', () => {
    const rows: Row[] = [
      [T0, 1.2, 1.21, 1.15, 1.1], // falling bar: the low is above the close
      [T0 + H, 1.2, 1.15, 1.09, 1.1], // falling bar: the high is below the open
      [T0 + 2 * H, 1.1, 1.21, 1.15, 1.2], // rising bar: the low is above the open
      [T0 + 3 * H, 1.1, 1.15, 1.09, 1.2], // rising bar: the high is below the close
      [T0 + 4 * H, 1.1, 1.2, 1.1, 1.2], // open at the low, close at the high: valid
    ];
    const { report } = validateBars(columns(rows));
    expect(report.findings.filter((f) => f.kind === 'ohlc').map((f) => [f.row, f.detail])).toEqual([
      [1, 'open 1.2 high 1.21 low 1.15 close 1.1'],
      [2, 'open 1.2 high 1.15 low 1.09 close 1.1'],
      [3, 'open 1.1 high 1.21 low 1.15 close 1.2'],
      [4, 'open 1.1 high 1.15 low 1.09 close 1.2'],
    ]);
  });

  it('names every unreadable field of a row', () => {
    const rows: Row[] = [[T0, 1.1, 1.1, Number.NaN, Number.NaN, Number.NaN, Number.POSITIVE_INFINITY]];
    expect(validateBars(columns(rows)).report.findings[0].detail).toBe('unreadable or non-finite low, close, volume, spread');
  });

  it('takes the epoch itself as a bar time, and names the latest date a Date can hold', () => {
    const rows: Row[] = [
      [0, 1.1, 1.0999, 1.1001, 1.1],
      [H, 1.1, 1.1002, 1.0998, 1.1001],
      [8.64e15, 1.1, 1.1002, 1.0998, 1.1001],
    ];
    const { report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.time, f.detail])).toEqual([
      ['ohlc', 0, 'open 1.1 high 1.0999 low 1.1001 close 1.1'],
      ['timerange', null, 'time +275760-09-13T00:00:00.000Z is outside 1970-01-01 .. 2099-12-31 UTC'],
    ]);
    expect(report.kept).toBe(1);
  });

  it('reports a gap of one missing bar, and only gaps of gapMinMissingBars or more when told', () => {
    const times = [0, 1, 3, 4, 7, 8];
    const rows = times.map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    expect(validateBars(columns(rows)).report.findings.map((f) => [f.row, f.value, f.detail])).toEqual([
      [3, H, 'no bar from 2022-01-04T02:00:00Z to 2022-01-04T03:00:00Z (1 bar missing)'],
      [5, 2 * H, 'no bar from 2022-01-04T05:00:00Z to 2022-01-04T07:00:00Z (2 bars missing)'],
    ]);
    const { report } = validateBars(columns(rows), { gapMinMissingBars: 2 });
    expect(report.findings.map((f) => f.row)).toEqual([5]);
    expect(report.rules.gapMinMissingBars).toBe(2);
    expect(validateBars(columns(rows), { gapMinMissingBars: 3 }).report.findings).toEqual([]);
  });

  it('reports a stale run of exactly staleBars bars, also at the end of the series', () => {
    const rows = closing(calmCloses(20));
    for (let i = 10; i < 20; i++) rows[i] = [T0 + i * H, 1.1, 1.1003, 1.0997, 1.1001];
    expect(validateBars(columns(rows)).report.findings.map((f) => [f.kind, f.row, f.value])).toEqual([['stale', 11, 10]]);
  });

  it.each([
    ['open', 1],
    ['high', 2],
    ['low', 3],
    ['close', 4],
  ] as const)('does not call bars stale when only their %s moves', (_field, k) => {
    const rows = Array.from({ length: 12 }, (_, i): Row => {
      const row: Row = [T0 + i * H, 1.1, 1.1003, 1.0997, 1.1001];
      row[k] += (i % 2) * (k === 3 ? -0.00001 : 0.00001);
      return row;
    });
    expect(validateBars(columns(rows)).report.counts.stale).toBe(0);
  });

  it('validates an empty series to an empty one', () => {
    const { columns: out, report } = validateBars(columns([]));
    expect([out.length, report.bars, report.kept, report.findings.length]).toEqual([0, 0, 0, 0]);
  });

  it('takes source row numbers from rows, and refuses a rows array of another length', () => {
    const rows = closing(calmCloses(3));
    rows[1] = [T0 + H, 1.1, 1.0999, 1.1001, 1.1];
    expect(validateBars(columns(rows), { rows: Int32Array.from([10, 12, 15]) }).report.findings.map((f) => [f.kind, f.row])).toEqual([
      ['ohlc', 12],
      ['gap', 15],
    ]);
    expect(() => validateBars(columns(rows), { rows: Int32Array.from([10, 12]) })).toThrow('rows has 2 entries for 3 bars');
  });

  it.each([
    [{ spikeThreshold: 0 }, 'spikeThreshold must be a positive number, got 0'],
    [{ staleBars: -1 }, 'staleBars must be a positive number, got -1'],
    [{ gapMinMissingBars: Number.POSITIVE_INFINITY }, 'gapMinMissingBars must be a positive number, got Infinity'],
  ])('refuses the rule %j', (options, message) => {
    expect(() => validateBars(columns(closing(calmCloses(3))), options)).toThrow(message);
  });
});

describe('spikes by robust z-score', () => {
  const closes = calmCloses(200);
  closes[100] = 1.2;

  it('gives the z-score of the spike, to two decimals, and its detail', () => {
    const z = robustZ(closes)[99];
    const { report } = validateBars(columns(closing(closes)));
    expect(report.findings).toEqual([
      {
        kind: 'spike',
        row: 101,
        time: T0 + 100 * H,
        value: Math.round(z * 100) / 100,
        outcome: 'reported',
        detail: `close 1.2 after ${closes[99]}: log return ${Math.log(1.2 / closes[99]).toExponential(3)}, robust z ${z.toFixed(1)}`,
      },
    ]);
  });

  it('flags a z-score beyond the threshold, not one equal to it, up or down', () => {
    // A lasting jump: one large return, the level kept after it.
    const up = calmCloses(200).map((c, i) => (i < 100 ? c : c + 0.1));
    const rise = robustZ(up)[99];
    expect(validateBars(columns(closing(up)), { spikeThreshold: rise }).report.counts.spike).toBe(0);
    expect(validateBars(columns(closing(up)), { spikeThreshold: rise * 0.999 }).report.counts.spike).toBe(1);
    const down = calmCloses(200).map((c, i) => (i < 100 ? c : c - 0.1));
    const fall = -robustZ(down)[99];
    expect(validateBars(columns(closing(down)), { spikeThreshold: fall }).report.counts.spike).toBe(0);
    expect(validateBars(columns(closing(down)), { spikeThreshold: fall * 0.999 }).report.counts.spike).toBe(1);
  });

  it('uses the mean absolute deviation when most returns are zero', () => {
    // Closes hold for 5 bars, then step a point: over half the returns are 0, so the MAD is 0.
    const held = Array.from({ length: 120 }, (_, i) => 1.1 + Math.floor(i / 5) * 0.00001);
    held[60] = 1.102;
    const z = robustZ(held);
    const { report } = validateBars(columns(closing(held)));
    // The fall back from it, measured from the last good bar, is an ordinary bar.
    expect(report.findings.map((f) => [f.kind, f.row, f.value])).toEqual([['spike', 61, Math.round(z[59] * 100) / 100]]);
  });

  it('flags the bar after a bad tick when it is as far off the last good bar, upwards too', () => {
    // 1.1 to 1.2, then on to 1.35 and staying there: the second step is a jump from the last good bar too.
    const twoSteps = calmCloses(200).map((c, i) => (i < 100 ? c : i === 100 ? 1.2 : c + 0.25));
    expect(validateBars(columns(closing(twoSteps))).report.findings.map((f) => [f.kind, f.row])).toEqual([
      ['spike', 101],
      ['spike', 102],
    ]);
  });

  it('scores the two returns of three bars at +-0.6745, a spike under a threshold below that', () => {
    // Returns ln(1.2/1.1) and its negative: median 0, MAD ln(1.2/1.1), so z = +-0.6745. The fall
    // back, measured from the first bar, is a return of 0.
    const { report } = validateBars(columns(closing([1.1, 1.2, 1.1])), { spikeThreshold: 0.5 });
    expect(report.findings.map((f) => [f.kind, f.row, f.value])).toEqual([['spike', 2, 0.67]]);
  });

  describe('in a steady trend, where the median return is far from 0', () => {
    // Closes rise 0.1 % a bar with +-0.001 % of noise: the median return is about 0.001 and the
    // MAD about 1e-5, so a return's z-score moves 0.6745 for every 1e-5 it is off the median.
    const trend = Array.from({ length: 200 }, (_, i) => 1.1 * 1.001 ** i * (1 + (i % 2) * 0.00001));
    /** The trend with a 5 % bad tick at bar 100 and bar 101 at `back` times bar 99, the trend going on from there. */
    const tick = (back: number): number[] => trend.map((c, i) => (i < 100 ? c : i === 100 ? trend[99] * 1.05 : trend[99] * back * 1.001 ** (i - 101)));
    /** The z-score of bar 101 measured from bar 99, the last good bar, as the validator takes it. */
    function fromLastGood(closes: number[]): number {
      const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]));
      const m = median(returns);
      const spread = median(returns.map((r) => Math.abs(r - m)));
      return (Math.log(closes[101] / closes[99]) - m) * (0.6745 / spread);
    }

    it('measures the bar after a bad tick from the last good bar, less the median return', () => {
      // Back at 1.0012 x bar 99: 0.0002 over one bar's median return, z about +13.5; the bad tick
      // itself and the fall from it are far beyond 20.
      const closes = tick(1.0012);
      expect(fromLastGood(closes)).toBeGreaterThan(10);
      expect(fromLastGood(closes)).toBeLessThan(20);
      expect(validateBars(columns(closing(closes))).report.findings.map((f) => [f.kind, f.row])).toEqual([['spike', 101]]);
    });

    it('flags the bar after a bad tick only beyond the threshold, not at it, below and above', () => {
      for (const back of [1.0008, 1.0012]) {
        const closes = tick(back);
        const z = Math.abs(fromLastGood(closes));
        expect(validateBars(columns(closing(closes)), { spikeThreshold: z }).report.findings.map((f) => f.row)).toEqual([101]);
        expect(validateBars(columns(closing(closes)), { spikeThreshold: z * 0.999 }).report.findings.map((f) => f.row)).toEqual([101, 102]);
      }
    });
  });

  it('counts rejected spikes as rejected and orders every finding by row', () => {
    const rows = closing(closes);
    rows[150] = [T0 + 150 * H, 1.1, 1.0999, 1.1001, 1.1];
    const { report } = validateBars(columns(rows), { policy: { spike: 'reject' } });
    expect(report.findings.map((f) => [f.kind, f.row, f.outcome])).toEqual([
      ['spike', 101, 'rejected'],
      ['ohlc', 151, 'rejected'],
      // The hole the ohlc row leaves on Monday 2022-01-10 07:00; the spike's, on Saturday, is in the weekend window.
      ['gap', 152, 'reported'],
    ]);
    expect([report.rejected, report.kept]).toEqual([2, 198]);
  });
});

describe('validation policy', () => {
  it('takes explicit defaults and undefined overrides as they are', () => {
    const policy = validationPolicy({ gap: 'report', stale: 'report', spike: 'report', duplicate: 'reject', ohlc: 'drop', nonpositive: undefined });
    expect(policy).toMatchObject({ gap: 'report', stale: 'report', spike: 'report', duplicate: 'reject', ohlc: 'drop', nonpositive: 'reject' });
  });

  it.each([
    [{ stale: 'drop' }, 'stale findings can only be reported, not "drop"'],
    [{ unordered: 'report' }, 'unordered rows cannot be passed on ("report"); use drop or reject'],
    [{ ohlc: 'keep' }, 'unknown action "keep" for ohlc (expected drop, reject or report)'],
    [{ bogus: 'drop' }, 'unknown finding kind "bogus" (expected one of duplicate, backwards, unordered, gap, ohlc, nonpositive, nonfinite, timerange, spike, stale)'],
  ])('refuses %j', (overrides, message) => {
    expect(() => validationPolicy(overrides)).toThrow(message);
  });
});
