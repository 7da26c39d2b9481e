import type { BarColumns, Timeframe } from '@trading/domain';
import { validateBars } from './bar.validator';

const H = 3_600_000;
// Tuesday 2022-01-04 00:00 UTC: far from any weekend.
const T0 = Date.UTC(2022, 0, 4);

type Row = [time: number, open: number, high: number, low: number, close: number, volume?: number, spread?: number];

function columns(rows: readonly Row[], timeframe: Timeframe = 'H1'): BarColumns {
  const col = (k: number, fallback = 0): Float64Array => Float64Array.from(rows.map((r) => r[k] ?? fallback));
  return { symbol: 'EURUSD', timeframe, length: rows.length, time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5, 100), spread: col(6, 5) };
}

/** A calm hourly series alternating a tiny step up and down: no spikes, no stale runs. */
function calm(count: number, start = T0): Row[] {
  return Array.from({ length: count }, (_, i): Row => {
    const close = 1.1 + (i % 2) * 0.0001 + (i % 7) * 0.00001;
    return [start + i * H, close, close + 0.0002, close - 0.0002, close];
  });
}

describe('bar validation', () => {
  it('passes a clean series untouched with no findings', () => {
    const input = columns(calm(50));
    const { columns: out, report } = validateBars(input);
    expect(out).toBe(input);
    expect(report).toMatchObject({ bars: 50, kept: 50, dropped: 0, rejected: 0, findings: [] });
  });

  it('drops a row repeating the time of any earlier row, not only the one before it', () => {
    const rows = calm(5);
    rows.push([T0 + 1 * H, 1.2, 1.3, 1.1, 1.2]);
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.counts.duplicate).toBe(1);
    expect(report.counts.backwards).toBe(1);
    expect(report.findings.filter((f) => f.kind === 'duplicate')).toEqual([
      { kind: 'duplicate', row: 6, time: T0 + H, value: 2, outcome: 'dropped', detail: 'same time as row 2 (different prices)' },
    ]);
    expect(out.length).toBe(5);
    expect(report.dropped).toBe(1);
  });

  it('drops a row repeating the time of the row just before it, identical or not, as a duplicate and not a step back', () => {
    const rows = calm(40);
    rows.splice(2, 0, [...rows[1]]); // hour 1 again, the same bar
    rows.splice(5, 0, [T0 + 3 * H, 1.2, 1.3, 1.1, 1.2]); // hour 3 again, other prices
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings).toEqual([
      { kind: 'duplicate', row: 3, time: T0 + H, value: 2, outcome: 'dropped', detail: 'same time as row 2 (identical bar)' },
      { kind: 'duplicate', row: 6, time: T0 + 3 * H, value: 5, outcome: 'dropped', detail: 'same time as row 5 (different prices)' },
    ]);
    expect(report).toMatchObject({ bars: 42, kept: 40, dropped: 2, rejected: 0 });
    expect(Array.from(out.time)).toEqual(calm(40).map((row) => row[0]));
    // The first bar of hour 3 is the one passed on.
    expect(out.close[3]).toBe(rows[4][4]);
  });

  it('drops a row one step behind the row before it as backwards, and one behind an earlier row only as unordered', () => {
    // Hours 0 1 3 2 4: hour 2 comes after hour 3.
    const swapped: Row[] = [0, 1, 3, 2, 4].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    const first = validateBars(columns(swapped));
    expect(first.report.findings).toEqual([
      // Hour 2 is dropped, so the bars passed on miss it.
      { kind: 'gap', row: 3, time: T0 + 3 * H, value: H, outcome: 'reported', detail: 'no bar from 2022-01-04T02:00:00Z to 2022-01-04T03:00:00Z (1 bar missing)' },
      { kind: 'backwards', row: 4, time: T0 + 2 * H, value: H, outcome: 'dropped', detail: `earlier than the row before it (row 3) by ${H} ms` },
    ]);
    expect(Array.from(first.columns.time)).toEqual([0, 1, 3, 4].map((h) => T0 + h * H));

    // Hours 0 1 2 5 3 4 6: hour 3 steps back from 5; hour 4 moves forward from 3 but is still behind 5.
    const jumped: Row[] = [0, 1, 2, 5, 3, 4, 6].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    const second = validateBars(columns(jumped));
    expect(second.report.findings).toEqual([
      { kind: 'gap', row: 4, time: T0 + 5 * H, value: 2 * H, outcome: 'reported', detail: 'no bar from 2022-01-04T03:00:00Z to 2022-01-04T05:00:00Z (2 bars missing)' },
      { kind: 'backwards', row: 5, time: T0 + 3 * H, value: 2 * H, outcome: 'dropped', detail: `earlier than the row before it (row 4) by ${2 * H} ms` },
      { kind: 'unordered', row: 6, time: T0 + 4 * H, value: H, outcome: 'dropped', detail: `earlier than the last bar passed on by ${H} ms` },
    ]);
    expect(second.report).toMatchObject({ bars: 7, kept: 5, dropped: 2, rejected: 0 });
    expect(Array.from(second.columns.time)).toEqual([0, 1, 2, 5, 6].map((h) => T0 + h * H));
  });

  it('keeps a row repeating the time of a rejected row: the broken row and its correction leave one valid bar', () => {
    const rows = calm(5);
    rows[2] = [T0 + 2 * H, 1.1, 1.0999, 1.1001, 1.1]; // low above high: rejected
    rows.splice(3, 0, [T0 + 2 * H, 1.1, 1.1003, 1.0998, 1.1001]); // the same hour again, valid
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.row, f.outcome])).toEqual([['ohlc', 3, 'rejected']]);
    expect(Array.from(out.time)).toEqual([0, 1, 2, 3, 4].map((h) => T0 + h * H));
    expect(out.high[2]).toBe(1.1003);
  });

  it('flags a step back in time and drops it, then drops rows still behind the last bar passed on', () => {
    const rows: Row[] = [0, 1, 2, 5, 3, 4, 6].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.counts.backwards).toBe(1);
    expect(report.findings.find((f) => f.kind === 'backwards')).toMatchObject({ row: 5, value: 2 * H, outcome: 'dropped' });
    expect(report.counts.unordered).toBe(1);
    expect(report.findings.find((f) => f.kind === 'unordered')).toMatchObject({ row: 6, value: H });
    expect(Array.from(out.time)).toEqual([0, 1, 2, 5, 6].map((h) => T0 + h * H));
  });

  it('rejects rows whose high or low contradict open and close', () => {
    const rows = calm(6);
    rows[2] = [T0 + 2 * H, 1.1, 1.1005, 1.1001, 1.1003]; // low above open
    rows[3] = [T0 + 3 * H, 1.1, 1.1002, 1.0999, 1.1004]; // high below close
    rows[4] = [T0 + 4 * H, 1.1, 1.0990, 1.1010, 1.1]; // low above high
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings.filter((f) => f.kind === 'ohlc').map((f) => [f.row, f.outcome])).toEqual([
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'rejected'],
    ]);
    expect(report.rejected).toBe(3);
    expect(out.length).toBe(3);
  });

  it('rejects non-positive prices and negative volume or spread, but accepts zero volume', () => {
    const rows = calm(5);
    rows[1] = [T0 + H, 0, 1.1, 0, 1.1];
    rows[2] = [T0 + 2 * H, 1.1, 1.1, 1.1, 1.1, -1];
    rows[3] = [T0 + 3 * H, 1.1, 1.1, 1.1, 1.1, 0, -2];
    rows[4] = [T0 + 4 * H, 1.1, 1.1, 1.1, 1.1, 0, 0];
    const { report } = validateBars(columns(rows));
    expect(report.findings.filter((f) => f.kind === 'nonpositive').map((f) => [f.row, f.value])).toEqual([
      [2, 0],
      [3, -1],
      [4, -2],
    ]);
    expect(report.kept).toBe(2);
  });

  it('rejects rows with unreadable or infinite values, naming the fields, but not huge finite ones', () => {
    const rows = calm(4);
    rows[1] = [T0 + H, Number.NaN, 1.1, 1.0, 1.05];
    rows[2] = [Number.NaN, 1.1, 1.1, 1.1, 1.1];
    rows[3] = [T0 + 3 * H, 1.1, Infinity, 1.1, 1.1];
    rows.push([T0 + 4 * H, 1e308, 1e308, 1e308, 1e308]);
    const { report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.row, f.time, f.detail])).toEqual([
      ['nonfinite', 2, T0 + H, 'unreadable or non-finite open'],
      ['nonfinite', 3, null, 'unreadable or non-finite time'],
      ['nonfinite', 4, T0 + 3 * H, 'unreadable or non-finite high'],
      // The huge row passes; the rejected rows leave a hole before it.
      ['gap', 5, T0 + 4 * H, 'no bar from 2022-01-04T01:00:00Z to 2022-01-04T04:00:00Z (3 bars missing)'],
    ]);
    expect(report.rejected).toBe(3);
  });

  it('rejects times before 1970, from 2100 on and absurd epochs, naming the time, with no date for them', () => {
    const rows = calm(4);
    rows.splice(1, 0, [-H, 1.1, 1.1002, 1.0998, 1.1001]);
    rows.splice(3, 0, [Date.UTC(2100, 0, 1), 1.1, 1.1002, 1.0998, 1.1001]);
    rows.push([1e20, 1.1, 1.1002, 1.0998, 1.1001]);
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings.filter((f) => f.kind === 'timerange')).toEqual([
      { kind: 'timerange', row: 2, time: null, value: -H, outcome: 'rejected', detail: 'time 1969-12-31T23:00:00.000Z is outside 1970-01-01 .. 2099-12-31 UTC' },
      { kind: 'timerange', row: 4, time: null, value: Date.UTC(2100, 0, 1), outcome: 'rejected', detail: 'time 2100-01-01T00:00:00.000Z is outside 1970-01-01 .. 2099-12-31 UTC' },
      { kind: 'timerange', row: 7, time: null, value: 1e20, outcome: 'rejected', detail: 'time 100000000000000000000 ms is outside 1970-01-01 .. 2099-12-31 UTC' },
    ]);
    expect(Array.from(out.time)).toEqual([0, 1, 2, 3].map((h) => T0 + h * H));
    expect(report.counts).toMatchObject({ timerange: 3, backwards: 0, unordered: 0 });
  });

  it('never lets a far-future row push the genuine rows after it out as steps back in time', () => {
    const rows = calm(5);
    rows.unshift([Date.UTC(2150, 5, 23), 1.1, 1.1002, 1.0998, 1.1]);
    const { columns: out, report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.row, f.outcome])).toEqual([['timerange', 1, 'rejected']]);
    expect(out.length).toBe(5);
    expect(report).toMatchObject({ kept: 5, dropped: 0, rejected: 1 });
  });

  it('measures a step back from the last row with a readable time, skipping unreadable rows', () => {
    const rows: Row[] = [0, 1, 2, 3].map((h): Row => [T0 + h * H, 1.1, 1.1002, 1.0998, 1.1001]);
    rows.splice(3, 0, [Number.NaN, 1.1, 1.1002, 1.0998, 1.1001], [T0 + H / 2, 1.1, 1.1002, 1.0998, 1.1001]);
    const { report } = validateBars(columns(rows));
    expect(report.findings.map((f) => [f.kind, f.row, f.value])).toEqual([
      ['nonfinite', 4, null],
      ['backwards', 5, 1.5 * H],
    ]);
    expect(report.findings[1].detail).toBe(`earlier than the row before it (row 3) by ${1.5 * H} ms`);
  });

  it('reports a price spike by robust z-score without dropping it', () => {
    const rows = calm(200);
    rows[100] = [T0 + 100 * H, 1.1, 1.2, 1.1, 1.2];
    const { columns: out, report } = validateBars(columns(rows));
    // The jump to 1.2 only: the next bar, back at 1.1, is an ordinary bar.
    expect(report.findings.map((f) => [f.kind, f.row, f.outcome])).toEqual([['spike', 101, 'reported']]);
    // Python's statistics.median over the 199 log returns: median 3.6361e-5, MAD 1.18171e-4,
    // z = 0.6745 * (ln(1.2 / 1.10011) - median) / MAD = 495.866.
    expect(report.findings[0].value).toBe(495.87);
    expect(out.length).toBe(200);
  });

  it('drops spikes when the policy says so', () => {
    const rows = calm(200);
    rows[100] = [T0 + 100 * H, 1.1, 1.2, 1.1, 1.2];
    const { columns: out, report } = validateBars(columns(rows), { policy: { spike: 'drop' } });
    expect(report.dropped).toBe(1);
    expect(out.length).toBe(199);
    expect(Array.from(out.close.subarray(99, 101))).toEqual([rows[99][4], rows[101][4]]);
    expect(report.policy.spike).toBe('drop');
  });

  it('flags both bars of a bad tick followed by one as far off the other way (not the good bar after them), and one bar of a lasting jump', () => {
    const doubleTick = calm(200);
    doubleTick[100] = [T0 + 100 * H, 1.1, 1.2, 1.1, 1.2];
    doubleTick[101] = [T0 + 101 * H, 1.0, 1.2, 1.0, 1.0];
    expect(validateBars(columns(doubleTick)).report.findings.map((f) => [f.kind, f.row])).toEqual([
      ['spike', 101],
      ['spike', 102],
    ]);
    const jump = calm(200).map((row, i): Row => (i < 100 ? row : [row[0], row[1] + 0.1, row[2] + 0.1, row[3] + 0.1, row[4] + 0.1]));
    expect(validateBars(columns(jump)).report.findings.map((f) => [f.kind, f.row])).toEqual([['spike', 101]]);
  });

  it('reports ten or more identical bars in a row as one stale run', () => {
    const rows = calm(40);
    for (let i = 10; i < 22; i++) rows[i] = [T0 + i * H, 1.1, 1.1003, 1.0997, 1.1001];
    const { report } = validateBars(columns(rows));
    expect(report.findings).toEqual([
      { kind: 'stale', row: 11, time: T0 + 10 * H, value: 12, outcome: 'reported', detail: '12 consecutive bars with open/high/low/close 1.1/1.1003/1.0997/1.1001' },
    ]);
    expect(validateBars(columns(rows), { staleBars: 13 }).report.counts.stale).toBe(0);
  });

  it('reports a gap inside the week but not the weekend close, with the missing span', () => {
    // Friday 2022-01-07: bars to 20:00, then Sunday 22:00 to Tuesday 03:00, then none until Tuesday 09:00.
    const friday = Date.UTC(2022, 0, 7, 10);
    const rows = calm(11, friday);
    rows.push(...calm(30, Date.UTC(2022, 0, 9, 22)));
    const tuesday = Date.UTC(2022, 0, 11, 9);
    rows.push(...calm(3, tuesday));
    const { report } = validateBars(columns(rows));
    expect(report.findings).toEqual([
      { kind: 'gap', row: 42, time: tuesday, value: 5 * H, outcome: 'reported', detail: 'no bar from 2022-01-11T04:00:00Z to 2022-01-11T09:00:00Z (5 bars missing)' },
    ]);
  });

  it('states the policy and rules in force in the report', () => {
    const { report } = validateBars(columns(calm(3)));
    expect(report.policy).toEqual({ duplicate: 'drop', backwards: 'drop', unordered: 'drop', gap: 'report', ohlc: 'reject', nonpositive: 'reject', nonfinite: 'reject', timerange: 'reject', spike: 'report', stale: 'report' });
    expect(report.rules).toMatchObject({ spikeThreshold: 20, staleBars: 10, gapMinMissingBars: 1 });
  });

  it('refuses policies that would pass unreadable rows or drop a gap', () => {
    expect(() => validateBars(columns(calm(3)), { policy: { nonfinite: 'report' } })).toThrow('nonfinite rows cannot be passed on');
    expect(() => validateBars(columns(calm(3)), { policy: { timerange: 'report' } })).toThrow('timerange rows cannot be passed on');
    // A kept repeat or step back would break the strict time order every consumer relies on.
    expect(() => validateBars(columns(calm(3)), { policy: { duplicate: 'report' } })).toThrow('duplicate rows cannot be passed on');
    expect(() => validateBars(columns(calm(3)), { policy: { backwards: 'report' } })).toThrow('backwards rows cannot be passed on');
    expect(() => validateBars(columns(calm(3)), { policy: { gap: 'drop' } })).toThrow('gap findings can only be reported');
    expect(() => validateBars(columns(calm(3)), { policy: { bogus: 'drop' } as never })).toThrow('unknown finding kind "bogus"');
  });
});
