// The desk's decision log as the service keeps it: each record with its
// serialised line (byte for byte what a backtest's log holds), drained per
// message into the decisions table.
import { type DecisionRecord, type DecisionSink, decisionLine } from '@trading/domain';

export interface LoggedDecision {
  readonly record: DecisionRecord;
  readonly line: string;
}

export class CollectingSink implements DecisionSink {
  private entries: LoggedDecision[] = [];
  /** While muted (a replay of the journal), records are dropped: the table already holds their lines. */
  muted = false;

  record(record: DecisionRecord): void {
    if (!this.muted) this.entries.push({ record, line: decisionLine(record) });
  }

  drain(): LoggedDecision[] {
    const drained = this.entries;
    this.entries = [];
    return drained;
  }
}
