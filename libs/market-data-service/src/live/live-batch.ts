// Validates what a live poll read, with the same validator and policy as a
// replayed file, and with the series' latest stored bars in front of it: a
// repeat of a bar already stored, a gap since the last one and a spike
// against recent prices are then found as they would be in one file. Only
// the new rows' findings are kept (the context was judged when it came in).
import { validateBars, type Finding, type ValidationOptions } from '@trading/data-sources/files';
import { barAt, emptyBarColumns, type Bar, type BarColumns } from '@trading/domain';
import type { LiveCandidates } from './live-feed';

export interface LiveBatch {
  /** The new rows the policy passed on, oldest first. */
  readonly bars: readonly Bar[];
  /** Findings about the new rows; `row` is the file line, or absent for streamed sources. */
  readonly findings: readonly LiveFinding[];
  readonly dropped: number;
  readonly rejected: number;
  /** Start time of the newest new row, passed on or not: what the series has been read through. Undefined when there was none. */
  readonly through: number | undefined;
}

export type LiveFinding = Omit<Finding, 'row'> & { readonly row?: number };

/** `context`: stored bars before the window, oldest first; `candidates`: the rows read for the window. */
export function validateLiveBatch(context: BarColumns, candidates: LiveCandidates, options: ValidationOptions = {}): LiveBatch {
  const n = context.length;
  const m = candidates.columns.length;
  const joined = emptyBarColumns(candidates.columns.symbol, candidates.columns.timeframe, n + m);
  const rows = new Int32Array(n + m);
  for (const column of ['time', 'open', 'high', 'low', 'close', 'volume', 'spread'] as const) {
    joined[column].set(context[column].subarray(0, n), 0);
    joined[column].set(candidates.columns[column].subarray(0, m), n);
  }
  // Context rows get row numbers <= 0, so their findings are told apart; new rows their file line or position.
  for (let i = 0; i < n; i++) rows[i] = i - n;
  for (let j = 0; j < m; j++) rows[n + j] = candidates.rows ? candidates.rows[j] : j + 1;
  const { columns, report } = validateBars(joined, { ...options, rows });

  const firstNew = n > 0 ? context.time[n - 1] : -Infinity;
  const bars: Bar[] = [];
  for (let i = 0; i < columns.length; i++) if (columns.time[i] > firstNew) bars.push(barAt(columns, i));
  const findings: LiveFinding[] = [];
  // A row can have several findings (a repeat that also steps back); rejecting it is the stronger fate.
  const fates = new Map<number, 'dropped' | 'rejected'>();
  for (const finding of report.findings) {
    if (finding.row <= 0) continue;
    if (finding.outcome === 'rejected' || (finding.outcome === 'dropped' && !fates.has(finding.row))) fates.set(finding.row, finding.outcome);
    if (candidates.rows) findings.push(finding);
    else {
      const { row: _position, ...streamed } = finding;
      findings.push(streamed);
    }
  }
  const fateCounts = [...fates.values()];
  const dropped = fateCounts.filter((fate) => fate === 'dropped').length;
  const rejected = fateCounts.length - dropped;
  let through: number | undefined;
  for (let j = 0; j < m; j++) {
    const time = candidates.columns.time[j];
    if (Number.isFinite(time) && (through === undefined || time > through)) through = time;
  }
  return { bars, findings, dropped, rejected, through };
}
