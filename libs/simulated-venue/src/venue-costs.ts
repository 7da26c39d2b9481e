// What a fill costs beyond the bid under a fill model: the spread (a fixed
// number of pips, or the bar's own spread column in points) and the slippage
// (none, fixed pips, or a fraction of the ATR of the bars so far). The venue
// charges these; the risk desk estimates its entries with the same numbers,
// so both sides of the kernel price a fill alike.
import { type Instrument, pointsToPrice } from '@trading/domain';
import { Atr } from '@trading/indicators';
import type { FillModel } from './fill-model';

export class VenueCosts {
  private readonly instruments: readonly Instrument[];
  private readonly pip: Float64Array;
  private readonly fixedSpread: number;
  private readonly atr: Atr[] | undefined;

  constructor(
    instruments: readonly Instrument[],
    private readonly model: FillModel,
  ) {
    this.instruments = [...instruments];
    this.pip = Float64Array.from(instruments, (instrument) => instrument.pipSize);
    // A fixed spread is in pips, which differ per instrument; NaN marks "from the bar".
    this.fixedSpread = model.spread.source === 'fixed' ? model.spread.pips : Number.NaN;
    const slippage = model.slippage;
    this.atr = slippage.kind === 'atr-fraction' ? instruments.map(() => new Atr(slippage.period)) : undefined;
  }

  /** Spread in price units of a slot's bar whose spread column says `barSpreadPoints`. */
  spread(slot: number, barSpreadPoints: number): number {
    const fixed = this.fixedSpread;
    return fixed === fixed ? fixed * this.pip[slot] : pointsToPrice(barSpreadPoints, this.instruments[slot]);
  }

  /** Slippage a market or stop fill on the slot suffers now, price units. */
  slippage(slot: number): number {
    const model = this.model.slippage;
    if (model.kind === 'none') return 0;
    if (model.kind === 'fixed-pips') return model.pips * this.pip[slot];
    const atr = (this.atr as Atr[])[slot].value;
    return atr === atr ? atr * model.fraction : 0;
  }

  /** A bar of the slot completed (after its fills): the ATR behind ATR slippage moves on. */
  observe(slot: number, high: number, low: number, close: number): void {
    if (this.atr !== undefined) this.atr[slot].update(high, low, close);
  }
}
