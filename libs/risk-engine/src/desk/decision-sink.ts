// The decision log: one JSON object per event (signal, sizing, order, fill,
// cancel, skip, reject) with the clock time and the reason. Records are built
// with a fixed key order and only deterministic values, so two runs over the
// same inputs write the same bytes. A policy with its own line shapes (the
// risk engine's decisions) writes whole lines into the same sink.
export interface DecisionRecord {
  /** ISO time of the injected clock when the event happened. */
  readonly at: string;
  readonly event: 'signal' | 'sizing' | 'order' | 'fill' | 'cancel' | 'skip' | 'reject';
  readonly [field: string]: string | number | boolean | null | undefined;
}

export interface DecisionSink {
  record(record: DecisionRecord): void;
  /** A line already serialised (one JSON object, no newline). */
  writeLine(line: string): void;
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

  /** A line already serialised (one JSON object, no newline). */
  writeLine(line: string): void {
    this.lines.push(line + '\n');
  }

  text(): string {
    return this.lines.join('');
  }
}
