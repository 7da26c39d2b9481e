// What one relay round sends and what it records, apart from the SQL and the
// bus so the per-stream rules can be read (and tested) on their own. A round
// hands every claimed row to the bus at once, in sequence order, then looks at
// the outcomes stream by stream: a stream's rows count as published up to its
// first failure; from that row on they stay pending and go again, in order, in
// a later round. A refusal for good (PublishRejected) is not a failure: the row
// is recorded as rejected and the stream goes on, as it always has.
import { PublishRejected } from '@trading/messaging';

export interface ClaimedRow {
  readonly sequence: string;
  readonly topic: string;
  readonly streamKey: string;
  readonly envelope: string;
}

export interface RejectedRow {
  readonly row: ClaimedRow;
  readonly reason: string;
}

export interface SettledRound {
  /** Sequences to mark published: confirmed, and before any failure of their stream. */
  readonly published: string[];
  readonly rejected: RejectedRow[];
  /** Streams that stopped at a failure; their rows from it on stay pending. */
  readonly failedStreams: Set<string>;
  /** Streams that ran without a failure this round. */
  readonly cleanStreams: Set<string>;
  /** The first failure in sequence order (rethrown once the marks are saved), if any. */
  readonly failure: { readonly error: unknown } | undefined;
}

/**
 * The rows to hand to the bus this round. A stream whose last round failed
 * sends only its first pending row: when that row fails again (a message the
 * bus keeps refusing with a transient error, or a bus still down), the rows
 * behind it are not sent again with it round after round.
 */
export function rowsToPublish(claimed: readonly ClaimedRow[], suspectStreams: ReadonlySet<string>): ClaimedRow[] {
  if (suspectStreams.size === 0) return [...claimed];
  const probed = new Set<string>();
  return claimed.filter((row) => {
    if (!suspectStreams.has(row.streamKey)) return true;
    if (probed.has(row.streamKey)) return false;
    probed.add(row.streamKey);
    return true;
  });
}

/** Splits a round's outcomes (`outcomes[i]` is `rows[i]`'s publish, rows in sequence order). */
export function settleRound(rows: readonly ClaimedRow[], outcomes: readonly PromiseSettledResult<unknown>[]): SettledRound {
  if (rows.length !== outcomes.length) throw new Error(`settleRound: ${rows.length} rows but ${outcomes.length} outcomes`);
  const published: string[] = [];
  const rejected: RejectedRow[] = [];
  const failedStreams = new Set<string>();
  let failure: SettledRound['failure'];
  rows.forEach((row, index) => {
    if (failedStreams.has(row.streamKey)) return;
    const outcome = outcomes[index];
    if (outcome.status === 'fulfilled') published.push(row.sequence);
    else if (outcome.reason instanceof PublishRejected) rejected.push({ row, reason: outcome.reason.message });
    else {
      failedStreams.add(row.streamKey);
      failure ??= { error: outcome.reason };
    }
  });
  const cleanStreams = new Set(rows.map((row) => row.streamKey).filter((stream) => !failedStreams.has(stream)));
  return { published, rejected, failedStreams, cleanStreams, failure };
}
