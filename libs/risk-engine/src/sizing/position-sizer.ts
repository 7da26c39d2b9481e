// Position sizing: fixed-fractional risk at the stop, with the stop from the
// signal or from ATR, the risk fraction from fractional Kelly once the strategy
// has a track record, scaled by signal confidence and the volatility regime,
// then rounded DOWN to the lot step and kept within the instrument's deal size.
import { ExactDecimal, Quantity } from '@trading/domain';
import type { RiskLimits } from '../limits.config';
import type { PortfolioView } from '../portfolio/portfolio-view';
import type { MarketState, SizingExplanation, StrategyStats, TradeRequest } from '../risk.types';

export type SizingResult =
  | { readonly ok: true; readonly lots: Quantity; readonly entryPrice: number; readonly stopPrice: number; readonly explanation: SizingExplanation }
  | { readonly ok: false; readonly reason: string; readonly message: string; readonly explanation?: SizingExplanation };

/** Kelly fraction f* = W − (1 − W) / R, times the configured share, within [floor, cap]. */
export function kellyRiskFraction(stats: StrategyStats, kelly: RiskLimits['sizing']['kelly']): number {
  const full = stats.winRate - (1 - stats.winRate) / stats.payoffRatio;
  return Math.min(kelly.cap, Math.max(kelly.floor, full * kelly.fraction));
}

/** 0 at or below minProbability, 1 at or above fullSizeProbability, linear between. */
export function confidenceMultiplier(probability: number | undefined, confidence: RiskLimits['sizing']['confidence']): number {
  if (probability === undefined) return 1;
  const scaled = (probability - confidence.minProbability) / (confidence.fullSizeProbability - confidence.minProbability);
  return Math.min(1, Math.max(0, scaled));
}

export function sizePosition(
  signal: TradeRequest,
  view: PortfolioView,
  market: MarketState,
  limits: RiskLimits,
  stats: StrategyStats | undefined,
): SizingResult {
  const book = view.book(signal.symbol);
  const quote = market.quotes[signal.symbol];
  // A market entry fills after the quote: at the next open, with slippage.
  const entryCost = signal.entryPrice === undefined ? (market.expectedEntryCost?.[signal.symbol] ?? 0) : 0;
  const entryPrice = signal.entryPrice ?? (quote ? (signal.side === 'BUY' ? quote.ask + entryCost : quote.bid - entryCost) : Number.NaN);
  if (!(entryPrice > 0)) return { ok: false, reason: 'NO_PRICE', message: `no quote for ${signal.symbol} and no entry price on signal ${signal.id}` };
  if (signal.probability !== undefined && !(signal.probability >= 0 && signal.probability <= 1)) {
    return { ok: false, reason: 'INVALID_SIGNAL', message: `signal ${signal.id} probability ${signal.probability} is outside 0..1` };
  }

  const direction = signal.side === 'BUY' ? 1 : -1;
  let stopPrice: number;
  let stopSource: SizingExplanation['stopSource'];
  if (signal.stopPrice !== undefined) {
    stopPrice = signal.stopPrice;
    stopSource = 'signal';
    if ((entryPrice - stopPrice) * direction <= 0) {
      return { ok: false, reason: 'INVALID_STOP', message: `stop ${stopPrice} of ${signal.side} signal ${signal.id} is not on the losing side of entry ${entryPrice}` };
    }
  } else {
    const atr = market.atr[signal.symbol];
    if (!(atr !== undefined && atr > 0)) return { ok: false, reason: 'NO_STOP', message: `signal ${signal.id} has no stop and there is no ATR for ${signal.symbol}` };
    stopPrice = roundAwayFromEntry(entryPrice - direction * limits.sizing.atrStopMultiple * atr, book.instrument.precision, direction);
    stopSource = 'atr';
  }
  // Rounded a few places past the price precision so float noise (0.00205000000000011) stays out of the size.
  const stopDistance = Number(Math.abs(entryPrice - stopPrice).toFixed(book.instrument.precision + 3));
  if (!Number.isFinite(book.quoteToAccount)) {
    return { ok: false, reason: 'NO_CONVERSION_RATE', message: `no quote converts ${book.instrument.quote} into ${limits.accountCurrency}` };
  }

  const useKelly = limits.sizing.kelly.enabled && stats !== undefined && stats.trades >= limits.sizing.kelly.minTrades && stats.payoffRatio > 0;
  const riskFraction = useKelly ? kellyRiskFraction(stats, limits.sizing.kelly) : limits.sizing.riskPerTrade;
  const confidence = confidenceMultiplier(signal.probability, limits.sizing.confidence);
  const regime = market.regimeMultiplier ?? limits.sizing.volatilityRegimeMultiplier;
  if (!(regime >= 0)) return { ok: false, reason: 'INVALID_SIGNAL', message: `regime multiplier ${regime} must be >= 0` };

  const riskAmount = view.equity.times(riskFraction).times(confidence).times(regime);
  const valuePerPriceUnitPerLot = new ExactDecimal(book.instrument.contractSize).times(book.quoteToAccount);
  const rawLots = riskAmount.dividedBy(valuePerPriceUnitPerLot.times(stopDistance));
  let lots = Quantity.floorToStep(rawLots, book.instrument.lotStep);
  const maxLots = new ExactDecimal(book.instrument.maxLots);
  if (lots.value.greaterThan(maxLots)) lots = Quantity.floorToStep(maxLots, book.instrument.lotStep);

  const explanation: SizingExplanation = {
    equity: view.equity.toFixed(),
    riskFraction,
    riskFractionSource: useKelly ? 'kelly' : 'fixed',
    confidenceMultiplier: confidence,
    regimeMultiplier: regime,
    riskAmount: riskAmount.toFixed(),
    entryPrice,
    expectedEntryCost: entryCost,
    stopPrice,
    stopSource,
    stopDistance,
    valuePerPriceUnitPerLot: valuePerPriceUnitPerLot.toFixed(),
    rawLots: rawLots.toFixed(),
    lots: lots.toString(),
  };
  if (lots.value.lessThan(book.instrument.minLots)) {
    return { ok: false, reason: 'SIZE_BELOW_MINIMUM', message: `sized ${lots.toString()} lots of ${signal.symbol}, below the minimum deal size ${book.instrument.minLots}`, explanation };
  }
  return { ok: true, lots, entryPrice, stopPrice, explanation };
}

// A stop rounded towards the entry would risk more than the sizing assumed.
function roundAwayFromEntry(price: number, precision: number, direction: 1 | -1): number {
  const scale = 10 ** precision;
  const scaled = Number((price * scale).toFixed(6));
  return (direction === 1 ? Math.floor(scaled) : Math.ceil(scaled)) / scale;
}
