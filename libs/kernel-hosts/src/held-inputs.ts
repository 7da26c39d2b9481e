// What a consumer of a lockstep replay holds until the step's release, and
// the order it hands it on in: the order the one-process kernel gives the
// same messages. In the kernel a bar reaches the venue first, whose fills
// reach risk and the strategies at once; then risk sees the bar; then each
// strategy in name order sees it and its signal reaches risk at once. Across
// services those messages arrive in any order (the bar before the fills it
// caused, the swing signal before the intraday one), so the risk service and
// the strategy services hold them and the replay's barrier releases them once
// all have arrived: sorted here, they are handled as the kernel handles them.
import type { Envelope } from '@trading/contracts';

/** Rank of a message type in a step: reports before commands before market data before signals, the end of the data last. */
const RANK: Readonly<Record<string, number>> = {
  'execution.report': 0,
  'account.financing': 0,
  'account.margin-call': 0,
  'risk.command': 1,
  'venue.snapshot': 1,
  'market.bar': 2,
  'market.quote': 2,
  signal: 3,
  // The end of a replay comes after the close-out fills it caused.
  'flow.end': 4,
};

/** Whether a lockstep consumer holds messages of `type` until a release (others it handles at once). */
export function isHeldType(type: string): boolean {
  return Object.hasOwn(RANK, type);
}

export class HeldInputs {
  private held: { envelope: Envelope; arrival: number }[] = [];
  private arrivals = 0;

  /** Holds `envelope`; returns how many are held. */
  hold(envelope: Envelope): number {
    if (!isHeldType(envelope.type)) throw new RangeError(`a lockstep consumer does not hold ${envelope.type} messages`);
    this.held.push({ envelope, arrival: this.arrivals++ });
    return this.held.length;
  }

  get size(): number {
    return this.held.length;
  }

  /**
   * Everything held, emptied, in the kernel's order: by rank; signals by
   * symbol, then strategy; otherwise (a venue's reports, one feed's bars) in
   * the order they arrived, which is the order their producer sent them.
   */
  release(): Envelope[] {
    const held = this.held;
    this.held = [];
    held.sort((a, b) => RANK[a.envelope.type] - RANK[b.envelope.type] || signalOrder(a.envelope, b.envelope) || a.arrival - b.arrival);
    return held.map((entry) => entry.envelope);
  }
}

function signalOrder(a: Envelope, b: Envelope): number {
  if (a.type !== 'signal' || b.type !== 'signal') return 0;
  const x = a.payload as { symbol: string; strategy: string };
  const y = b.payload as { symbol: string; strategy: string };
  return compare(x.symbol, y.symbol) || compare(x.strategy, y.strategy);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
