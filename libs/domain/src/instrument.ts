// FX instruments the system trades. Pip size and precision turn prices into
// pips and points; contract size turns lots into units; the margin factor is
// the fraction of notional the broker holds as margin (IG retail majors: 1/30).
export interface Instrument {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Price move of one pip (0.0001, or 0.01 for JPY quotes). */
  readonly pipSize: number;
  /** Decimal places of a price (5, or 3 for JPY quotes); one point = 10^-precision. */
  readonly precision: number;
  /** Units of base currency in one lot. */
  readonly contractSize: number;
  /** Margin required as a fraction of notional. */
  readonly marginFactor: number;
  /** Smallest and largest order size, and the size step, in lots. */
  readonly minLots: number;
  readonly maxLots: number;
  readonly lotStep: number;
}

function fxPair(symbol: string, overrides: Partial<Instrument> = {}): Instrument {
  const base = symbol.slice(0, 3);
  const quote = symbol.slice(3, 6);
  const jpy = quote === 'JPY';
  return Object.freeze({
    symbol,
    base,
    quote,
    pipSize: jpy ? 0.01 : 0.0001,
    precision: jpy ? 3 : 5,
    contractSize: 100_000,
    marginFactor: 1 / 30,
    minLots: 0.01,
    maxLots: 100,
    lotStep: 0.01,
    ...overrides,
  });
}

export const INSTRUMENTS: Readonly<Record<string, Instrument>> = Object.freeze(
  Object.fromEntries(
    ['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'NZDUSD', 'EURGBP', 'EURJPY', 'USDJPY'].map((symbol) => [
      symbol,
      fxPair(symbol, symbol === 'AUDUSD' || symbol === 'NZDUSD' ? { marginFactor: 0.05 } : {}),
    ]),
  ),
);

const SYMBOL_PATTERN = /^[A-Z]{6}$/;

export function isSymbol(value: unknown): value is string {
  return typeof value === 'string' && SYMBOL_PATTERN.test(value);
}

/** The instrument for `symbol`; unknown six-letter FX symbols get standard FX defaults. */
export function instrumentFor(symbol: string): Instrument {
  const upper = symbol.toUpperCase();
  const known = INSTRUMENTS[upper];
  if (known) return known;
  if (!SYMBOL_PATTERN.test(upper)) throw new RangeError(`"${symbol}" is not an FX symbol (six letters, e.g. EURUSD)`);
  return fxPair(upper);
}

export function pointSize(instrument: Instrument): number {
  return 10 ** -instrument.precision;
}

/**
 * The price distance of `points` points on the instrument. A bar's spread
 * column is in points and bars are bid prices, so the ask is
 * `bid + pointsToPrice(bar.spread, instrument)`: the simulated venue fills
 * buys there and market-data quotes it, through this one function.
 */
export function pointsToPrice(points: number, instrument: Instrument): number {
  return points * pointSize(instrument);
}
