// Batch helpers: whole-column versions of the streaming indicators, for
// notebooks, the CLI and cross-checks. Each one feeds the streaming class bar
// by bar, so batch and live values are the same numbers by construction.
// Outputs are aligned with the input; NaN marks warm-up.
import { Adx } from '../momentum/adx.indicator';
import { Cci } from '../momentum/cci.indicator';
import { Macd } from '../momentum/macd.indicator';
import { Momentum, RateOfChange } from '../momentum/rate-of-change.indicator';
import { Rsi } from '../momentum/rsi.indicator';
import { StochasticRsi } from '../momentum/stoch-rsi.indicator';
import { Stochastic } from '../momentum/stochastic.indicator';
import { WilliamsR } from '../momentum/williams-r.indicator';
import { Dema } from '../moving-average/dema.indicator';
import { Ema } from '../moving-average/ema.indicator';
import { Sma } from '../moving-average/sma.indicator';
import { Tema } from '../moving-average/tema.indicator';
import { Wma } from '../moving-average/wma.indicator';
import { RollingMax, RollingMin } from '../rolling/rolling-extreme.indicator';
import { ParabolicSar } from '../trend/parabolic-sar.indicator';
import { Atr } from '../volatility/atr.indicator';
import { BollingerBands } from '../volatility/bollinger.indicator';
import { DonchianChannel } from '../volatility/donchian.indicator';
import { KeltnerChannel } from '../volatility/keltner.indicator';
import { StdDev } from '../volatility/stddev.indicator';
import { TrueRange } from '../volatility/true-range.indicator';
import { ZScore } from '../volatility/z-score.indicator';
import { Mfi } from '../volume/mfi.indicator';
import { Obv } from '../volume/obv.indicator';
import { SessionVwap } from '../volume/session-vwap.indicator';

/** The bar columns an indicator may read; `BarColumns` from @trading/domain fits. */
export interface PriceColumns {
  readonly length: number;
  readonly time: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

interface ValueIndicator {
  update(input: number): number;
}

function overValues(values: Float64Array, indicator: ValueIndicator): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]);
  return out;
}

function overBars(bars: PriceColumns, step: (i: number) => number): Float64Array {
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = step(i);
  return out;
}

function columns(length: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => new Float64Array(length));
}

export const smaSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Sma(period));
export const emaSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Ema(period));
export const wmaSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Wma(period));
export const demaSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Dema(period));
export const temaSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Tema(period));
export const rsiSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Rsi(period));
export const stdDevSeries = (values: Float64Array, period: number, deviations = 1): Float64Array =>
  overValues(values, new StdDev(period, deviations));
export const zScoreSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new ZScore(period));
export const rollingMaxSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new RollingMax(period));
export const rollingMinSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new RollingMin(period));
export const rocSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new RateOfChange(period));
export const momentumSeries = (values: Float64Array, period: number): Float64Array => overValues(values, new Momentum(period));

export function macdSeries(
  values: Float64Array,
  fastPeriod = 12,
  slowPeriod = 26,
  signalPeriod = 9,
): { line: Float64Array; signal: Float64Array; histogram: Float64Array } {
  const macd = new Macd(fastPeriod, slowPeriod, signalPeriod);
  const [line, signal, histogram] = columns(values.length, 3);
  for (let i = 0; i < values.length; i++) {
    macd.update(values[i]);
    line[i] = macd.line;
    signal[i] = macd.signal;
    histogram[i] = macd.histogram;
  }
  return { line, signal, histogram };
}

export function bollingerSeries(
  values: Float64Array,
  period = 20,
  deviationsUp = 2,
  deviationsDown = deviationsUp,
): { upper: Float64Array; middle: Float64Array; lower: Float64Array; percentB: Float64Array; bandwidth: Float64Array } {
  const bands = new BollingerBands(period, deviationsUp, deviationsDown);
  const [upper, middle, lower, percentB, bandwidth] = columns(values.length, 5);
  for (let i = 0; i < values.length; i++) {
    bands.update(values[i]);
    upper[i] = bands.upper;
    middle[i] = bands.middle;
    lower[i] = bands.lower;
    percentB[i] = bands.percentB;
    bandwidth[i] = bands.bandwidth;
  }
  return { upper, middle, lower, percentB, bandwidth };
}

export function stochRsiSeries(values: Float64Array, period = 14, fastKPeriod = 5, fastDPeriod = 3): { k: Float64Array; d: Float64Array } {
  const stoch = new StochasticRsi(period, fastKPeriod, fastDPeriod);
  const [k, d] = columns(values.length, 2);
  for (let i = 0; i < values.length; i++) {
    stoch.update(values[i]);
    k[i] = stoch.k;
    d[i] = stoch.d;
  }
  return { k, d };
}

export function trueRangeSeries(bars: PriceColumns): Float64Array {
  const tr = new TrueRange();
  return overBars(bars, (i) => tr.update(bars.high[i], bars.low[i], bars.close[i]));
}

export function atrSeries(bars: PriceColumns, period: number): { atr: Float64Array; natr: Float64Array } {
  const atr = new Atr(period);
  const [average, normalized] = columns(bars.length, 2);
  for (let i = 0; i < bars.length; i++) {
    average[i] = atr.update(bars.high[i], bars.low[i], bars.close[i]);
    normalized[i] = atr.normalized;
  }
  return { atr: average, natr: normalized };
}

export function adxSeries(bars: PriceColumns, period = 14): { adx: Float64Array; plusDI: Float64Array; minusDI: Float64Array; dx: Float64Array } {
  const adx = new Adx(period);
  const [average, plus, minus, dx] = columns(bars.length, 4);
  for (let i = 0; i < bars.length; i++) {
    average[i] = adx.update(bars.high[i], bars.low[i], bars.close[i]);
    plus[i] = adx.plusDI;
    minus[i] = adx.minusDI;
    dx[i] = adx.dx;
  }
  return { adx: average, plusDI: plus, minusDI: minus, dx };
}

export function stochasticSeries(bars: PriceColumns, fastKPeriod = 5, slowKPeriod = 3, slowDPeriod = 3): { k: Float64Array; d: Float64Array } {
  const stoch = new Stochastic(fastKPeriod, slowKPeriod, slowDPeriod);
  const [k, d] = columns(bars.length, 2);
  for (let i = 0; i < bars.length; i++) {
    stoch.update(bars.high[i], bars.low[i], bars.close[i]);
    k[i] = stoch.k;
    d[i] = stoch.d;
  }
  return { k, d };
}

export function cciSeries(bars: PriceColumns, period: number): Float64Array {
  const cci = new Cci(period);
  return overBars(bars, (i) => cci.update(bars.high[i], bars.low[i], bars.close[i]));
}

export function williamsRSeries(bars: PriceColumns, period: number): Float64Array {
  const willr = new WilliamsR(period);
  return overBars(bars, (i) => willr.update(bars.high[i], bars.low[i], bars.close[i]));
}

export function obvSeries(bars: PriceColumns): Float64Array {
  const obv = new Obv();
  return overBars(bars, (i) => obv.update(bars.close[i], bars.volume[i]));
}

export function mfiSeries(bars: PriceColumns, period: number): Float64Array {
  const mfi = new Mfi(period);
  return overBars(bars, (i) => mfi.update(bars.high[i], bars.low[i], bars.close[i], bars.volume[i]));
}

export function parabolicSarSeries(bars: PriceColumns, acceleration = 0.02, maximum = 0.2): Float64Array {
  const sar = new ParabolicSar(acceleration, maximum);
  return overBars(bars, (i) => sar.update(bars.high[i], bars.low[i]));
}

export function sessionVwapSeries(bars: PriceColumns, sessionStartHour = 0): Float64Array {
  const vwap = new SessionVwap(sessionStartHour);
  return overBars(bars, (i) => vwap.update(bars.time[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]));
}

export function donchianSeries(bars: PriceColumns, period: number): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const channel = new DonchianChannel(period);
  const [upper, middle, lower] = columns(bars.length, 3);
  for (let i = 0; i < bars.length; i++) {
    channel.update(bars.high[i], bars.low[i]);
    upper[i] = channel.upper;
    middle[i] = channel.middle;
    lower[i] = channel.lower;
  }
  return { upper, middle, lower };
}

export function keltnerSeries(
  bars: PriceColumns,
  period = 20,
  multiplier = 2,
  atrPeriod = period,
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const channel = new KeltnerChannel(period, multiplier, atrPeriod);
  const [upper, middle, lower] = columns(bars.length, 3);
  for (let i = 0; i < bars.length; i++) {
    channel.update(bars.high[i], bars.low[i], bars.close[i]);
    upper[i] = channel.upper;
    middle[i] = channel.middle;
    lower[i] = channel.lower;
  }
  return { upper, middle, lower };
}
