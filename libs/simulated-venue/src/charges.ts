// What the broker charges besides the price, in the account currency:
// commission on each fill, and overnight financing. A position held over the
// daily rollover (22:00 UTC) pays or earns swap per lot per night, Monday to
// Friday, the Wednesday rollover counting three nights for the weekend. The
// venue charges it on the first bar after a rollover, which needs a clock per
// position: the rollover day the position last paid for (or was entered on).
import { ExactDecimal, type Instrument, type Quantity } from '@trading/domain';
import type { Ledger } from '@trading/portfolio';
import { type CommissionModel, ROLLOVER_HOUR_UTC, type SwapModel } from './fill-model';
import type { VenueListener } from './order';

const DAY_MS = 86_400_000;
const ROLLOVER_MS = ROLLOVER_HOUR_UTC * 3_600_000;
const ZERO = new ExactDecimal(0);

/** Commission on a fill of `lots` at `price` on the ledger's symbol `slot`, in a bar that started at `time`. */
export function commissionFor(model: CommissionModel, ledger: Ledger, slot: number, lots: Quantity, price: number, time: number): ExactDecimal {
  if (model.kind === 'per-lot') return lots.value.times(model.amount);
  if (model.kind === 'bps') {
    const instrument = ledger.instruments[slot];
    const units = lots.value.times(instrument.contractSize);
    const notional = units.times(new ExactDecimal(price.toFixed(instrument.precision))).times(ledger.quoteToAccount(slot, price, time));
    return notional.times(model.bps).dividedBy(10_000);
  }
  return ZERO;
}

export class Financing {
  /** Day of the last rollover charged or of the entry, per position index. */
  private readonly rolloverDay: number[] = [];

  constructor(
    private readonly swap: SwapModel | undefined,
    private readonly ledger: Ledger,
    private readonly instruments: readonly Instrument[],
    private readonly listener: VenueListener,
  ) {}

  /** Makes room for position indices up to `position`. */
  track(position: number): void {
    while (this.rolloverDay.length <= position) this.rolloverDay.push(0);
  }

  /** A position was entered at `time`: its first night is the next rollover. */
  entered(position: number, time: number): void {
    this.rolloverDay[position] = rolloverDayOf(time);
  }

  /** Nights rolled over since the last charge, Monday to Friday, Wednesday counting three. */
  charge(position: number, time: number): void {
    const day = rolloverDayOf(time);
    const last = this.rolloverDay[position];
    if (day <= last) return;
    const swap = this.swap;
    if (!swap) return;
    let nights = 0;
    for (let d = last + 1; d <= day; d++) {
      const weekday = new Date(d * DAY_MS).getUTCDay();
      if (weekday >= 1 && weekday <= 5) nights += weekday === 3 ? 3 : 1;
    }
    this.rolloverDay[position] = day;
    if (nights === 0) return;
    const ledger = this.ledger;
    const perLot = ledger.sideAt(position) > 0 ? swap.longPerLot : swap.shortPerLot;
    const amount = ledger.quantityAt(position).value.times(perLot).times(nights);
    ledger.chargeSwap(position, amount);
    const slot = ledger.symbolSlotAt(position);
    this.listener.onSwap?.({ strategy: ledger.strategyAt(position), symbol: this.instruments[slot].symbol, amount, nights, time });
  }
}

/** Day index of the last 22:00 UTC rollover at or before `time`. */
function rolloverDayOf(time: number): number {
  return Math.floor((time - ROLLOVER_MS) / DAY_MS);
}
