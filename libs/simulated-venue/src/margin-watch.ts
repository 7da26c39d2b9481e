// The broker's margin rules, as the venue applies them after each bar's marks:
// a margin call reported once each time the level falls to the call level,
// and at the stop-out level positions closed, largest loss first, until the
// level is back above it. The watch decides and counts; the venue closes.
import type { Clock } from '@trading/domain';
import type { Ledger, MarginRules } from '@trading/portfolio';
import type { VenueListener } from './order';

export class MarginWatch {
  private inMarginCall = false;
  private marginCallCount = 0;
  private stopOutCount = 0;
  private stopOutReason = '';

  constructor(
    private readonly rules: MarginRules,
    private readonly ledger: Ledger,
    private readonly listener: VenueListener,
    private readonly clock: Clock,
  ) {
    if (!(rules.stopOutLevel >= 0 && rules.callLevel >= rules.stopOutLevel)) {
      throw new RangeError(`margin rules need 0 <= stopOutLevel <= callLevel, got call ${rules.callLevel}, stop-out ${rules.stopOutLevel}`);
    }
  }

  /** Margin calls reported so far. */
  get calls(): number {
    return this.marginCallCount;
  }

  /** Positions closed by stop-outs so far. */
  get stopOuts(): number {
    return this.stopOutCount;
  }

  /** Why the position `check` or `closed` last named is to be closed. */
  get reason(): string {
    return this.stopOutReason;
  }

  /**
   * At the latest marks: reports a margin call on a fall to the call level,
   * and returns the position a stop-out closes first (-1 when none).
   */
  check(): number {
    const ledger = this.ledger;
    const level = ledger.marginLevel();
    if (level > this.rules.callLevel) {
      this.inMarginCall = false;
      return -1;
    }
    if (!this.inMarginCall) {
      this.inMarginCall = true;
      this.marginCallCount++;
      this.listener.onMarginCall?.({ time: this.clock.now(), level, equity: ledger.equity(), marginUsed: ledger.marginUsed() });
    }
    return this.toStopOut(level);
  }

  /** The venue closed the position named last: the next one to close (-1 when the level is back above stop-out). */
  closed(): number {
    this.stopOutCount++;
    return this.toStopOut(this.ledger.marginLevel());
  }

  private toStopOut(level: number): number {
    const ledger = this.ledger;
    const stopOutLevel = this.rules.stopOutLevel;
    if (!(level <= stopOutLevel)) return -1;
    let worst = -1;
    // In the canonical order, so equal losses close in one order however the positions were opened.
    for (const p of ledger.positionOrder()) {
      if (ledger.sideAt(p) !== 0 && (worst < 0 || ledger.unrealizedAt(p) < ledger.unrealizedAt(worst))) worst = p;
    }
    if (worst >= 0) this.stopOutReason = `stop-out: margin level ${(level * 100).toFixed(1)}% at or below ${(stopOutLevel * 100).toFixed(0)}%, largest loss closed first`;
    return worst;
  }
}
