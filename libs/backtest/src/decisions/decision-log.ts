// The decision log: one JSON object per event (signal, sizing, order, fill,
// cancel, skip) with the clock time and the reason. Records are built with a
// fixed key order and only deterministic values, so two runs over the same
// inputs write the same bytes.
export interface DecisionRecord {
  /** ISO time of the injected clock when the event happened. */
  readonly at: string;
  readonly event: 'signal' | 'sizing' | 'order' | 'fill' | 'cancel' | 'skip';
  readonly [field: string]: string | number | boolean | null | undefined;
}

export interface DecisionSink {
  record(record: DecisionRecord): void;
}

export function decisionLine(record: DecisionRecord): string {
  return JSON.stringify(record) + '\n';
}

/** Keeps the lines in memory (tests, small runs). */
export class MemoryDecisionSink implements DecisionSink {
  readonly lines: string[] = [];

  record(record: DecisionRecord): void {
    this.lines.push(decisionLine(record));
  }

  text(): string {
    return this.lines.join('');
  }
}
