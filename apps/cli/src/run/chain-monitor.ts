// What the trading chain did, per strategy and symbol, tallied from the
// messages it exchanged (a tap queue of the run sees every one): signals,
// risk's verdicts (approved, rejected by reason code), orders sent, fills
// and the P&L they realised, exact decimal. Every service counts its own work
// in its metrics; this is the run's view across them, which the summary of
// `trading run` prints and its JSON keeps under `strategies`.
import { isMessage, type Envelope } from '@trading/contracts';
import { ExactDecimal } from '@trading/domain';

export interface ChainTally {
  signals: number;
  approved: number;
  rejected: Record<string, number>;
  orders: number;
  fills: number;
  realisedPnl: string;
}

export interface StrategyTally extends ChainTally {
  readonly symbols: Record<string, ChainTally>;
}

const empty = (): ChainTally => ({ signals: 0, approved: 0, rejected: {}, orders: 0, fills: 0, realisedPnl: '0' });

export class ChainMonitor {
  private readonly tallies = new Map<string, Map<string, ChainTally>>();
  /** Each strategy's realised P&L summed in the order the fills came (34 significant digits: the order of a sum shows in the last one). */
  private readonly realised = new Map<string, ExactDecimal>();
  private readonly seen = new Set<string>();

  /** Counts one message of the chain (a redelivered one once). */
  record(envelope: Envelope): void {
    if (this.seen.has(envelope.id)) return;
    if (isMessage(envelope, 'signal')) {
      this.mark(envelope);
      this.tally(envelope.payload.strategy, envelope.payload.symbol).signals++;
    } else if (isMessage(envelope, 'risk.decision')) {
      this.mark(envelope);
      const decision = envelope.payload;
      const tally = this.tally(decision.strategy, decision.symbol);
      if (decision.decision === 'approved') tally.approved++;
      else {
        const code = decision.reasonCode ?? 'UNSPECIFIED';
        tally.rejected[code] = (tally.rejected[code] ?? 0) + 1;
      }
    } else if (isMessage(envelope, 'order.submit')) {
      this.mark(envelope);
      this.tally(envelope.payload.strategy, envelope.payload.symbol).orders++;
    } else if (isMessage(envelope, 'execution.report')) {
      const report = envelope.payload;
      if (report.status !== 'filled' && report.status !== 'partially_filled') return;
      this.mark(envelope);
      const tally = this.tally(report.strategy, report.symbol);
      tally.fills++;
      if (report.realizedPnl !== undefined) {
        const pnl = new ExactDecimal(report.realizedPnl);
        tally.realisedPnl = new ExactDecimal(tally.realisedPnl).plus(pnl).toFixed();
        this.realised.set(report.strategy, (this.realised.get(report.strategy) ?? new ExactDecimal(0)).plus(pnl));
      }
    }
  }

  /** Per strategy (by name), its totals and its symbols' (by name). */
  strategies(): Record<string, StrategyTally> {
    const result: Record<string, StrategyTally> = {};
    for (const strategy of [...this.tallies.keys()].sort()) {
      const bySymbol = this.tallies.get(strategy) as Map<string, ChainTally>;
      const symbols: Record<string, ChainTally> = {};
      const total = empty();
      for (const symbol of [...bySymbol.keys()].sort()) {
        const tally = bySymbol.get(symbol) as ChainTally;
        symbols[symbol] = { ...tally, rejected: sortedCounts(tally.rejected) };
        total.signals += tally.signals;
        total.approved += tally.approved;
        total.orders += tally.orders;
        total.fills += tally.fills;
        for (const [code, count] of Object.entries(tally.rejected)) total.rejected[code] = (total.rejected[code] ?? 0) + count;
      }
      result[strategy] = { ...total, realisedPnl: (this.realised.get(strategy) ?? new ExactDecimal(0)).toFixed(), rejected: sortedCounts(total.rejected), symbols };
    }
    return result;
  }

  private mark(envelope: Envelope): void {
    this.seen.add(envelope.id);
  }

  private tally(strategy: string, symbol: string): ChainTally {
    let bySymbol = this.tallies.get(strategy);
    if (bySymbol === undefined) this.tallies.set(strategy, (bySymbol = new Map()));
    let tally = bySymbol.get(symbol);
    if (tally === undefined) bySymbol.set(symbol, (tally = empty()));
    return tally;
  }
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
