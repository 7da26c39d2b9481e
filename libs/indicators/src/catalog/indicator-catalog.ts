// Named indicators for tools that take a list like "rsi:14,macd:12:26:9":
// parses specs, names output columns `<name>_<params>[_<output>]` with the
// parameters as written (omitted ones filled with defaults), and computes the
// columns over bars through the batch helpers.
import * as series from '../batch/series';
import type { PriceColumns } from '../batch/series';

interface ParameterDefinition {
  readonly name: string;
  readonly defaultValue: number;
  readonly integer: boolean;
  /** Defaults to another parameter when omitted, and is then left out of the column name. */
  readonly mirrors?: number;
}

export interface IndicatorDefinition {
  readonly name: string;
  readonly summary: string;
  readonly parameters: readonly ParameterDefinition[];
  /** Output suffixes; empty for a single-column indicator. */
  readonly outputs: readonly string[];
  compute(bars: PriceColumns, values: readonly number[]): Float64Array[];
}

export interface IndicatorSpec {
  readonly definition: IndicatorDefinition;
  /** Parameter values in declaration order, defaults filled in. */
  readonly values: readonly number[];
  /** `<name>_<params>`, e.g. "macd_12_26_9". */
  readonly key: string;
  readonly columns: readonly string[];
}

export interface IndicatorColumn {
  readonly name: string;
  readonly values: Float64Array;
}

const int = (name: string, defaultValue: number): ParameterDefinition => ({ name, defaultValue, integer: true });
const real = (name: string, defaultValue: number): ParameterDefinition => ({ name, defaultValue, integer: false });

const closeOnly =
  (fn: (close: Float64Array, ...values: number[]) => Float64Array) =>
  (bars: PriceColumns, values: readonly number[]): Float64Array[] => [fn(bars.close, ...values)];

const DEFINITIONS: readonly IndicatorDefinition[] = [
  { name: 'sma', summary: 'simple moving average of the close', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.smaSeries) },
  { name: 'ema', summary: 'exponential moving average (SMA seed)', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.emaSeries) },
  { name: 'wma', summary: 'linearly weighted moving average', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.wmaSeries) },
  { name: 'dema', summary: 'double exponential moving average', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.demaSeries) },
  { name: 'tema', summary: 'triple exponential moving average', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.temaSeries) },
  { name: 'rsi', summary: "Wilder's relative strength index", parameters: [int('period', 14)], outputs: [], compute: closeOnly(series.rsiSeries) },
  {
    name: 'macd',
    summary: 'MACD line, signal and histogram',
    parameters: [int('fast', 12), int('slow', 26), int('signal', 9)],
    outputs: ['line', 'signal', 'hist'],
    compute: (bars, [fast, slow, signal]) => {
      const out = series.macdSeries(bars.close, fast, slow, signal);
      return [out.line, out.signal, out.histogram];
    },
  },
  {
    name: 'bbands',
    summary: 'Bollinger Bands (SMA middle, population stddev), %b and bandwidth',
    parameters: [int('period', 20), real('deviations', 2), { ...real('deviationsDown', 2), mirrors: 1 }],
    outputs: ['upper', 'middle', 'lower', 'percentb', 'bandwidth'],
    compute: (bars, [period, up, down]) => {
      const out = series.bollingerSeries(bars.close, period, up, down);
      return [out.upper, out.middle, out.lower, out.percentB, out.bandwidth];
    },
  },
  {
    name: 'stddev',
    summary: 'rolling population standard deviation of the close, times a factor',
    parameters: [int('period', 20), real('deviations', 1)],
    outputs: [],
    compute: closeOnly(series.stdDevSeries),
  },
  { name: 'zscore', summary: 'rolling z-score of the close', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.zScoreSeries) },
  { name: 'min', summary: 'lowest close of the last n bars', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.rollingMinSeries) },
  { name: 'max', summary: 'highest close of the last n bars', parameters: [int('period', 20)], outputs: [], compute: closeOnly(series.rollingMaxSeries) },
  { name: 'roc', summary: 'rate of change in percent', parameters: [int('period', 10)], outputs: [], compute: closeOnly(series.rocSeries) },
  { name: 'mom', summary: 'momentum (close minus close n bars ago)', parameters: [int('period', 10)], outputs: [], compute: closeOnly(series.momentumSeries) },
  {
    name: 'stochrsi',
    summary: 'stochastic RSI %K and %D',
    parameters: [int('period', 14), int('fastK', 14), int('fastD', 3)],
    outputs: ['k', 'd'],
    compute: (bars, [period, k, d]) => {
      const out = series.stochRsiSeries(bars.close, period, k, d);
      return [out.k, out.d];
    },
  },
  { name: 'trange', summary: 'true range', parameters: [], outputs: [], compute: (bars) => [series.trueRangeSeries(bars)] },
  { name: 'atr', summary: 'average true range (Wilder)', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.atrSeries(bars, n).atr] },
  { name: 'natr', summary: 'ATR as a percentage of the close', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.atrSeries(bars, n).natr] },
  { name: 'adx', summary: 'average directional index', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.adxSeries(bars, n).adx] },
  { name: 'plusdi', summary: '+DI', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.adxSeries(bars, n).plusDI] },
  { name: 'minusdi', summary: '-DI', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.adxSeries(bars, n).minusDI] },
  { name: 'dx', summary: 'directional movement index', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.adxSeries(bars, n).dx] },
  {
    name: 'stoch',
    summary: 'slow stochastic %K and %D (SMA smoothing)',
    parameters: [int('fastK', 14), int('slowK', 3), int('slowD', 3)],
    outputs: ['k', 'd'],
    compute: (bars, [fastK, slowK, slowD]) => {
      const out = series.stochasticSeries(bars, fastK, slowK, slowD);
      return [out.k, out.d];
    },
  },
  { name: 'cci', summary: 'commodity channel index', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.cciSeries(bars, n)] },
  { name: 'willr', summary: 'Williams %R', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.williamsRSeries(bars, n)] },
  { name: 'obv', summary: 'on-balance volume', parameters: [], outputs: [], compute: (bars) => [series.obvSeries(bars)] },
  { name: 'mfi', summary: 'money flow index', parameters: [int('period', 14)], outputs: [], compute: (bars, [n]) => [series.mfiSeries(bars, n)] },
  {
    name: 'donchian',
    summary: 'Donchian channel (highest high, midpoint, lowest low)',
    parameters: [int('period', 20)],
    outputs: ['upper', 'middle', 'lower'],
    compute: (bars, [n]) => {
      const out = series.donchianSeries(bars, n);
      return [out.upper, out.middle, out.lower];
    },
  },
  {
    name: 'keltner',
    summary: 'Keltner channel (EMA middle, ATR bands)',
    parameters: [int('period', 20), real('multiplier', 2), { ...int('atrPeriod', 20), mirrors: 0 }],
    outputs: ['upper', 'middle', 'lower'],
    compute: (bars, [n, multiplier, atrPeriod]) => {
      const out = series.keltnerSeries(bars, n, multiplier, atrPeriod);
      return [out.upper, out.middle, out.lower];
    },
  },
  {
    name: 'sar',
    summary: 'parabolic SAR',
    parameters: [real('acceleration', 0.02), real('maximum', 0.2)],
    outputs: [],
    compute: (bars, [acceleration, maximum]) => [series.parabolicSarSeries(bars, acceleration, maximum)],
  },
  {
    name: 'vwap',
    summary: 'session VWAP (sessions start at the given UTC hour)',
    parameters: [int('sessionStartHour', 0)],
    outputs: [],
    compute: (bars, [hour]) => [series.sessionVwapSeries(bars, hour)],
  },
];

const BY_NAME: ReadonlyMap<string, IndicatorDefinition> = new Map(DEFINITIONS.map((d) => [d.name, d]));

export function indicatorDefinitions(): readonly IndicatorDefinition[] {
  return DEFINITIONS;
}

/** Parses one spec such as "macd:12:26:9" or "bbands:20:2". */
export function parseIndicatorSpec(text: string): IndicatorSpec {
  const parts = text.trim().split(':');
  const name = parts[0].toLowerCase();
  const definition = BY_NAME.get(name);
  if (!definition) throw new RangeError(`unknown indicator "${parts[0]}" in "${text}" (known: ${DEFINITIONS.map((d) => d.name).join(', ')})`);
  const given = parts.slice(1);
  const declared = definition.parameters;
  if (given.length > declared.length) {
    throw new RangeError(`"${text}": ${name} takes at most ${declared.length} parameter(s) (${declared.map((p) => p.name).join(', ') || 'none'})`);
  }
  const values: number[] = [];
  const nameParts: string[] = [name];
  declared.forEach((parameter, i) => {
    const raw = given[i];
    if (raw === undefined || raw.trim() === '') {
      const value = parameter.mirrors !== undefined ? values[parameter.mirrors] : parameter.defaultValue;
      values.push(value);
      if (parameter.mirrors === undefined) nameParts.push(String(value));
      return;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || (parameter.integer && !Number.isInteger(value))) {
      throw new RangeError(`"${text}": ${name} ${parameter.name} must be ${parameter.integer ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    values.push(value);
    nameParts.push(raw.trim());
  });
  const key = nameParts.join('_');
  const columns = definition.outputs.length === 0 ? [key] : definition.outputs.map((output) => `${key}_${output}`);
  return { definition, values, key, columns };
}

/** Parses a comma-separated list of specs; a column produced twice is an error. */
export function parseIndicatorList(text: string): IndicatorSpec[] {
  const specs = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseIndicatorSpec);
  if (specs.length === 0) throw new RangeError('no indicator given (e.g. "rsi:14,macd:12:26:9")');
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.key)) throw new RangeError(`indicator "${spec.key}" is listed twice`);
    seen.add(spec.key);
  }
  return specs;
}

/** Computes every spec over the bars: one column per output, aligned with the bars, NaN during warm-up. */
export function computeIndicators(bars: PriceColumns, specs: readonly IndicatorSpec[]): IndicatorColumn[] {
  const columns: IndicatorColumn[] = [];
  for (const spec of specs) {
    const outputs = spec.definition.compute(bars, spec.values);
    outputs.forEach((values, i) => columns.push({ name: spec.columns[i], values }));
  }
  return columns;
}
