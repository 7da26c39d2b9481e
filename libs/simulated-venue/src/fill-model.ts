// The fill model: every assumption about how orders turn into fills, explicit
// and stated in every report. Bar prices are bids (as MT5 exports them); the
// ask is bid + spread, from the bar's spread column or a fixed spread.
export type FillTiming = 'next-open' | 'close';

export type SpreadModel = { readonly source: 'bar' } | { readonly source: 'fixed'; readonly pips: number };

export type SlippageModel =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed-pips'; readonly pips: number }
  /** A fraction of the ATR(period) of the bar before the fill. */
  | { readonly kind: 'atr-fraction'; readonly fraction: number; readonly period: number };

export type CommissionModel =
  | { readonly kind: 'none' }
  /** Account currency per lot, charged on each side (open and close). */
  | { readonly kind: 'per-lot'; readonly amount: number }
  /** Basis points of the notional in the account currency, each side. */
  | { readonly kind: 'bps'; readonly bps: number };

/** Financing per lot per night in the account currency (negative = paid). Triple on Wednesday night. */
export interface SwapModel {
  readonly longPerLot: number;
  readonly shortPerLot: number;
}

export interface FillModel {
  readonly timing: FillTiming;
  readonly spread: SpreadModel;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  readonly swap?: SwapModel;
}

export const DEFAULT_FILL_MODEL: FillModel = Object.freeze({
  timing: 'next-open',
  spread: Object.freeze({ source: 'bar' }),
  slippage: Object.freeze({ kind: 'none' }),
  commission: Object.freeze({ kind: 'none' }),
});

/** FX rollover: positions held through 22:00 UTC pay or earn a night of swap. */
export const ROLLOVER_HOUR_UTC = 22;

export function validateFillModel(model: FillModel): FillModel {
  if (model.timing !== 'next-open' && model.timing !== 'close') throw new RangeError(`fill timing must be next-open or close, got ${String(model.timing)}`);
  if (model.spread.source === 'fixed' && !(model.spread.pips >= 0)) throw new RangeError(`fixed spread must be >= 0 pips, got ${model.spread.pips}`);
  const slippage = model.slippage;
  if (slippage.kind === 'fixed-pips' && !(slippage.pips >= 0)) throw new RangeError(`slippage must be >= 0 pips, got ${slippage.pips}`);
  if (slippage.kind === 'atr-fraction' && (!(slippage.fraction >= 0) || !Number.isInteger(slippage.period) || slippage.period < 1)) {
    throw new RangeError(`ATR slippage needs a fraction >= 0 and a whole period >= 1, got ${slippage.fraction} of ATR(${slippage.period})`);
  }
  const commission = model.commission;
  if (commission.kind === 'per-lot' && !(commission.amount >= 0)) throw new RangeError(`commission per lot must be >= 0, got ${commission.amount}`);
  if (commission.kind === 'bps' && !(commission.bps >= 0)) throw new RangeError(`commission must be >= 0 bps, got ${commission.bps}`);
  if (model.swap && (!Number.isFinite(model.swap.longPerLot) || !Number.isFinite(model.swap.shortPerLot))) throw new RangeError('swap rates must be finite numbers');
  return model;
}

export interface FillAssumptions {
  readonly fills: string;
  readonly spread: string;
  readonly slippage: string;
  readonly commission: string;
  readonly swap: string;
  readonly stopAndTargetInOneBar: string;
  readonly gaps: string;
  readonly accounting: string;
  /** Why the results may be better than reality; empty when none applies. */
  readonly warnings: readonly string[];
}

/**
 * The model in words, for reports. `barSpreadSeen` says whether any bar had a
 * non-zero spread (a bar-spread model over data without spreads is zero spread).
 */
export function describeFillModel(model: FillModel, barSpreadSeen: boolean): FillAssumptions {
  const warnings: string[] = [];
  const zeroSpread = model.spread.source === 'fixed' ? model.spread.pips === 0 : !barSpreadSeen;
  if (zeroSpread) warnings.push('zero spread: every fill is at the bid, no spread is paid');
  const commissionFree = model.commission.kind === 'none' || (model.commission.kind === 'per-lot' ? model.commission.amount === 0 : model.commission.bps === 0);
  if (commissionFree) warnings.push('zero commission');
  if (model.timing === 'close') warnings.push('fills at the signal bar close: the signal and its fill use the same price');
  if (model.slippage.kind === 'none') warnings.push('no slippage');
  return {
    fills: model.timing === 'next-open' ? 'market orders fill at the open of the bar after the signal' : 'market orders fill at the close of the signal bar',
    spread:
      model.spread.source === 'fixed'
        ? `fixed ${model.spread.pips} pips: buys at bid + spread, sells at the bid`
        : `from the bar spread column (points)${barSpreadSeen ? '' : ', which is zero in this data'}: buys at bid + spread, sells at the bid`,
    slippage:
      model.slippage.kind === 'none'
        ? 'none'
        : model.slippage.kind === 'fixed-pips'
          ? `${model.slippage.pips} pips against every market and stop fill`
          : `${model.slippage.fraction} x ATR(${model.slippage.period}) against every market and stop fill`,
    commission:
      model.commission.kind === 'none'
        ? 'none'
        : model.commission.kind === 'per-lot'
          ? `${model.commission.amount} per lot per side (account currency)`
          : `${model.commission.bps} bps of notional per side`,
    swap: model.swap ? `per lot per night: long ${model.swap.longPerLot}, short ${model.swap.shortPerLot} (triple on Wednesday), at ${ROLLOVER_HOUR_UTC}:00 UTC` : 'none',
    stopAndTargetInOneBar: 'the stop fills first (pessimistic)',
    gaps: 'a stop or target the open has already passed fills at the open',
    accounting: 'cash, P&L and costs booked in exact decimals at each fill (prices rounded to the instrument point); per-bar equity for metrics is marked to market in floating point',
    warnings,
  };
}
