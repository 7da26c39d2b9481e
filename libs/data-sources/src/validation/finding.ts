// What the validator can find in a bar series, and how a finding is reported.
export const FINDING_KINDS = ['duplicate', 'backwards', 'unordered', 'gap', 'ohlc', 'nonpositive', 'nonfinite', 'timerange', 'spike', 'stale'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** What happened to the row a finding is about. */
export type FindingOutcome = 'dropped' | 'rejected' | 'reported';

export interface Finding {
  readonly kind: FindingKind;
  /** 1-based data row number in the source (the line after the header is row 1). */
  readonly row: number;
  /** The row's bar time, UTC ms; null when it could not be read or is out of range (timerange). */
  readonly time: number | null;
  /**
   * The figure behind the finding: duplicate, the row number of the first row with
   * that time; backwards and unordered, how far back in ms; gap, the missing time
   * in ms; spike, the robust z-score; stale, the run length in bars; nonpositive,
   * the smallest value of the row; timerange, the time read (UTC ms); ohlc and
   * nonfinite, null.
   */
  readonly value: number | null;
  readonly outcome: FindingOutcome;
  readonly detail: string;
}

export type FindingCounts = Record<FindingKind, number>;

export function zeroCounts(): FindingCounts {
  return Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as FindingCounts;
}
