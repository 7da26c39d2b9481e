// Builds signals with prices rounded to the instrument's point and scores
// clamped to 0..1, so every strategy's output passes the signal message schema.
import type { Instrument } from '@trading/domain';
import type { SignalSide, StrategyContext, StrategySignal } from './strategy';

export interface SignalFields {
  readonly side: SignalSide;
  readonly strength: number;
  readonly confidence: number;
  readonly referencePrice?: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly reason: string;
}

export function buildSignal(strategy: string, context: StrategyContext, barTime: number, fields: SignalFields): StrategySignal {
  const instrument = context.instrument;
  const signal: {
    -readonly [K in keyof StrategySignal]: StrategySignal[K];
  } = {
    strategy,
    symbol: context.symbol,
    timeframe: context.timeframe,
    barTime,
    side: fields.side,
    strength: clamp01(fields.strength),
    confidence: clamp01(fields.confidence),
    reason: fields.reason,
  };
  if (fields.referencePrice !== undefined) signal.referencePrice = roundPrice(fields.referencePrice, instrument);
  if (fields.side !== 'flat') {
    if (fields.stopLoss !== undefined) signal.stopLoss = roundPrice(fields.stopLoss, instrument);
    if (fields.takeProfit !== undefined) signal.takeProfit = roundPrice(fields.takeProfit, instrument);
  }
  return signal;
}

export function roundPrice(price: number, instrument: Instrument): number {
  // 10^precision is exact; 1 / pointSize is not (1 / 1e-5 = 99999.99999999999).
  const scale = 10 ** instrument.precision;
  return Math.round(price * scale) / scale;
}

export function clamp01(value: number): number {
  if (!(value > 0)) return 0;
  return value > 1 ? 1 : value;
}

/** Formats a number for a reason text: fixed digits, no float noise. */
export function fmt(value: number, digits = 5): string {
  return value.toFixed(digits);
}
