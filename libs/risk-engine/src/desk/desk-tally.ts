// What the desk did per strategy, counted as it goes: signals received,
// signals skipped (the same side again, flat while flat), decisions approved
// and rejected by reason, sizes cut to the largest deal, orders sent and fills
// booked. The backtest and `trading run` summaries print it.
export interface StrategyTally {
  signals: number;
  skipped: number;
  approved: number;
  /** Rejections per UPPER_SNAKE reason code, keys sorted in summaries. */
  rejected: Record<string, number>;
  /** Sizes cut to the instrument's largest deal. */
  capped: number;
  orders: number;
  fills: number;
}

export class DeskTally {
  private readonly byStrategy = new Map<string, StrategyTally>();

  of(strategy: string): StrategyTally {
    let tally = this.byStrategy.get(strategy);
    if (tally === undefined) {
      tally = { signals: 0, skipped: 0, approved: 0, rejected: {}, capped: 0, orders: 0, fills: 0 };
      this.byStrategy.set(strategy, tally);
    }
    return tally;
  }

  reject(strategy: string, code: string): void {
    const rejected = this.of(strategy).rejected;
    rejected[code] = (rejected[code] ?? 0) + 1;
  }

  /** A copy per strategy, strategies and reason codes in sorted order. */
  summary(): Record<string, StrategyTally> {
    const out: Record<string, StrategyTally> = {};
    for (const strategy of [...this.byStrategy.keys()].sort()) {
      const tally = this.byStrategy.get(strategy) as StrategyTally;
      const rejected: Record<string, number> = {};
      for (const code of Object.keys(tally.rejected).sort()) rejected[code] = tally.rejected[code];
      out[strategy] = { ...tally, rejected };
    }
    return out;
  }
}
