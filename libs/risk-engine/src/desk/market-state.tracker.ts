// The risk engine's rules read a MarketState and a return history; the desk
// has only bars. Following the bars into both is the policy's per-bar work,
// kept apart from its decisions so each reads on its own: each symbol is
// quoted as the paper broker fills (bid = close, ask = close + the fill
// model's spread), with its ATR, its feed's silences and what a market entry
// adds to the quote, and the last aligned closes make the return history.
import { isWeekendGap, type Instrument, type Quote } from '@trading/domain';
import { Atr } from '@trading/indicators';
import type { ReturnHistory } from '../measures/return-history';
import type { MarketState } from '../risk.types';
import { AlignedClosesWindow } from './aligned-closes.window';
import { GapWindow } from './gap-window';
import type { DeskBar } from './sizing.policy';

export class MarketStateTracker {
  private readonly quotes: Record<string, Quote> = {};
  private readonly atrBySymbol: Record<string, number> = {};
  private readonly lastBarTime: Record<string, number> = {};
  private readonly instruments: Record<string, Instrument> = {};
  /** Expected slippage plus the typical next-open gap, per symbol: what a market entry adds to the quote. */
  private readonly entryCost: Record<string, number> = {};
  private readonly gaps: Record<string, GapWindow> = {};
  private readonly silent: Record<string, number> = {};
  /** What the engine reads: live views of the records above. */
  readonly state: MarketState = { quotes: this.quotes, atr: this.atrBySymbol, instruments: this.instruments, lastBarTime: this.lastBarTime, expectedEntryCost: this.entryCost, silentMs: this.silent };
  private readonly atr: Atr[];
  private readonly window: AlignedClosesWindow;

  /** `historyCloses` aligned closes are kept; `atrPeriod` is the ATR's period. */
  constructor(instruments: readonly Instrument[], historyCloses: number, atrPeriod: number) {
    const symbols = instruments.map((instrument) => instrument.symbol);
    for (const instrument of instruments) this.instruments[instrument.symbol] = instrument;
    this.atr = symbols.map(() => new Atr(atrPeriod));
    this.window = new AlignedClosesWindow(symbols, historyCloses);
  }

  /** A bar closed: the symbol's ATR after it (NaN until the ATR has its period of bars). */
  observe(bar: DeskBar): number {
    const { slot, time, book, close } = bar;
    const symbol = bar.symbol;
    this.quotes[symbol] = { symbol, time, bid: close, ask: close + book.spread(slot) };
    // Silence before this bar: the time since the previous one beyond this bar's interval, weekends aside.
    const previous = this.lastBarTime[symbol];
    const interval = time - bar.barTime;
    this.silent[symbol] = previous === undefined || isWeekendGap(previous, bar.barTime, interval) ? 0 : Math.max(0, bar.barTime - previous - interval);
    this.lastBarTime[symbol] = bar.barTime;
    const gaps = (this.gaps[symbol] ??= new GapWindow());
    gaps.push(bar.open, close);
    this.entryCost[symbol] = bar.slippage + gaps.mean;
    this.window.push(slot, time, close);
    const atr = this.atr[slot].update(bar.high, bar.low, close);
    if (atr === atr) this.atrBySymbol[symbol] = atr;
    return atr;
  }

  /** Returns of the kept aligned closes, oldest first; null until two rows exist. */
  history(): ReturnHistory | null {
    return this.window.history();
  }
}
