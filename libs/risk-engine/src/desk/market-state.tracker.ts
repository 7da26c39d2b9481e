// The risk engine's rules read a MarketState and a return history; the desk
// has only bars. Following the bars into both is the policy's per-bar work,
// kept apart from its decisions so each reads on its own: each symbol is
// quoted as the paper broker fills (bid = close, ask = close + the fill
// model's spread), with its ATR, its feed's silences and what a market entry
// adds to the quote, and the last aligned closes make the return history.
// A feed that has gone silent for longer than the stale-data horizon has
// ended: it leaves the aligned closes (see AlignedClosesWindow), so a symbol
// whose data stopped does not freeze the others' history. A position still
// held in it then has no return history, so PORTFOLIO_VAR and CORRELATION
// refuse all new exposure (INSUFFICIENT_HISTORY) until it is closed, on top of
// STALE_MARKET_DATA refusing new exposure in the symbol itself: the desk fails
// closed while it holds what it can no longer price.
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
  private readonly symbols: readonly string[];
  /** Each symbol's bar length, from its latest bar. */
  private readonly interval: Float64Array;
  private lastTime = Number.NaN;
  /** What the engine reads: live views of the records above. */
  readonly state: MarketState = { quotes: this.quotes, atr: this.atrBySymbol, instruments: this.instruments, lastBarTime: this.lastBarTime, expectedEntryCost: this.entryCost, silentMs: this.silent };
  private readonly atr: Atr[];
  private readonly window: AlignedClosesWindow;

  /**
   * `historyCloses` aligned closes are kept; `atrPeriod` is the ATR's period; a
   * feed silent for longer than `staleDataMs` (the limits' breakers.staleDataMs)
   * has ended.
   */
  constructor(
    instruments: readonly Instrument[],
    historyCloses: number,
    atrPeriod: number,
    private readonly staleDataMs: number,
  ) {
    if (!(staleDataMs > 0)) throw new RangeError(`the stale-data horizon must be > 0 ms, got ${staleDataMs}`);
    const symbols = instruments.map((instrument) => instrument.symbol);
    this.symbols = symbols;
    this.interval = new Float64Array(symbols.length);
    for (const instrument of instruments) this.instruments[instrument.symbol] = instrument;
    this.atr = symbols.map(() => new Atr(atrPeriod));
    this.window = new AlignedClosesWindow(symbols, historyCloses);
  }

  /** A bar closed: the symbol's ATR after it (NaN until the ATR has its period of bars). */
  observe(bar: DeskBar): number {
    const { slot, time, book, close } = bar;
    const symbol = bar.symbol;
    if (time !== this.lastTime) {
      if (this.lastTime === this.lastTime) this.retireEnded(this.lastTime);
      this.lastTime = time;
    }
    this.quotes[symbol] = { symbol, time, bid: close, ask: close + book.spread(slot) };
    // Silence before this bar: the time since the previous one beyond this bar's interval, weekends aside.
    const previous = this.lastBarTime[symbol];
    const interval = time - bar.barTime;
    this.silent[symbol] = previous === undefined || isWeekendGap(previous, bar.barTime, interval) ? 0 : Math.max(0, bar.barTime - previous - interval);
    this.lastBarTime[symbol] = bar.barTime;
    this.interval[slot] = interval;
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

  /**
   * The first bar of a new time: a live feed whose next bar, had it closed at
   * `previous` (the latest time any bar closed), would have been silent for
   * longer than the horizon, weekends aside, as observe measures silence, has
   * ended. Judged on the bars up to `previous` only, so it does not depend on
   * the order the bars of one time arrive in, and a pause of every feed (a
   * holiday) ends none of them.
   */
  private retireEnded(previous: number): void {
    for (let slot = 0; slot < this.symbols.length; slot++) {
      if (!this.window.isLive(slot)) continue;
      const last = this.lastBarTime[this.symbols[slot]];
      const interval = this.interval[slot];
      const nextBar = previous - interval;
      const silence = nextBar - last - interval;
      if (silence > this.staleDataMs && !isWeekendGap(last, nextBar, interval)) this.window.retire(slot);
    }
  }
}
