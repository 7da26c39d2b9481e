// The fill model and the account as text settings (spread, slippage,
// commission, timing, swap, cash), read the same way wherever they are given:
// `trading backtest`'s flags and the services' environment variables. Each
// reader answers undefined for text it cannot read; the caller names the flag
// or the variable, and `expected` says what would have been right. `write` is
// the text a reader reads back as the same value (`trading run --processes`
// hands a service its settings as environment variables).
import { ExactDecimal } from '@trading/domain';
import type { CommissionModel, FillTiming, SlippageModel, SpreadModel, SwapModel } from './fill-model';

export interface SettingReader<T> {
  /** What a right value looks like, for the error that names the setting. */
  readonly expected: string;
  read(text: string): T | undefined;
  /** The text `read` turns back into this value, exactly. */
  write(value: T): string;
}

/** A number as text that reads back as the same number, negative zero included. */
function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function nonNegative(text: string): number | undefined {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) || value < 0 ? undefined : value;
}

export const fillTimingSetting: SettingReader<FillTiming> = {
  expected: 'next-open or close',
  read: (text) => (text === 'next-open' || text === 'close' ? text : undefined),
  write: (timing) => timing,
};

export const spreadSetting: SettingReader<SpreadModel> = {
  expected: 'bar or a number of pips',
  read(text) {
    if (text === 'bar') return { source: 'bar' };
    const pips = nonNegative(text);
    return pips === undefined ? undefined : { source: 'fixed', pips };
  },
  write: (spread) => (spread.source === 'bar' ? 'bar' : numberText(spread.pips)),
};

export const slippageSetting: SettingReader<SlippageModel> = {
  expected: 'none, pips or atr:<fraction>[:period] (period a whole number >= 1)',
  read(text) {
    if (text === 'none') return { kind: 'none' };
    if (text.startsWith('atr:')) {
      const parts = text.split(':');
      if (parts.length > 3) return undefined;
      const fraction = nonNegative(parts[1]);
      const periodText = parts[2] ?? '14';
      const period = Number(periodText);
      if (fraction === undefined || periodText.trim() === '' || !Number.isSafeInteger(period) || period < 1) return undefined;
      return { kind: 'atr-fraction', fraction, period };
    }
    const pips = nonNegative(text);
    return pips === undefined ? undefined : { kind: 'fixed-pips', pips };
  },
  write: (slippage) => (slippage.kind === 'none' ? 'none' : slippage.kind === 'fixed-pips' ? numberText(slippage.pips) : `atr:${numberText(slippage.fraction)}:${slippage.period}`),
};

export const commissionSetting: SettingReader<CommissionModel> = {
  expected: 'none, per-lot:<amount> or bps:<basis points>',
  read(text) {
    if (text === 'none') return { kind: 'none' };
    if (text.startsWith('per-lot:')) {
      const amount = nonNegative(text.slice(8));
      return amount === undefined ? undefined : { kind: 'per-lot', amount };
    }
    if (text.startsWith('bps:')) {
      const bps = nonNegative(text.slice(4));
      return bps === undefined ? undefined : { kind: 'bps', bps };
    }
    return undefined;
  },
  write: (commission) => (commission.kind === 'none' ? 'none' : commission.kind === 'per-lot' ? `per-lot:${numberText(commission.amount)}` : `bps:${numberText(commission.bps)}`),
};

export const swapSetting: SettingReader<SwapModel> = {
  expected: '<long>:<short> per lot per night, e.g. -6.5:1.2',
  read(text) {
    const parts = text.split(':');
    if (parts.length !== 2 || parts.some((part) => part.trim() === '')) return undefined;
    const [longPerLot, shortPerLot] = parts.map(Number);
    return Number.isFinite(longPerLot) && Number.isFinite(shortPerLot) ? { longPerLot, shortPerLot } : undefined;
  },
  write: (swap) => `${numberText(swap.longPerLot)}:${numberText(swap.shortPerLot)}`,
};

/** An amount of money > 0, kept as its exact decimal text. */
export const cashSetting: SettingReader<string> = {
  expected: 'an amount > 0',
  read(text) {
    if (!/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
    const value = new ExactDecimal(text.trim());
    return value.greaterThan(0) ? value.toFixed() : undefined;
  },
  write: (amount) => amount,
};
