// The decision log: one JSON object per line, every line with the same two
// first keys, `event` (what happened) and `time` (UTC ms of the clock when it
// happened), then the event's own fields. Records are built with a fixed key
// order and only deterministic values, so two runs over the same inputs write
// the same bytes. Every writer (the desk, the risk engine, the venue's
// reports) goes through `record`; nothing writes lines around the sink.
export interface DecisionRecord {
  readonly event: string;
  /** UTC ms of the injected clock when the event happened. */
  readonly time: number;
  readonly [field: string]: unknown;
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
