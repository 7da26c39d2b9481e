// The catalog as tools list it ("trading indicators" help, notebooks): every
// name, its parameters with their defaults and kinds, its output columns and
// its one-line summary.
import { indicatorDefinitions, type IndicatorDefinition } from './indicator-catalog';

/** `name(param=default, real=default, mirrored=other) [outputs]: summary`; `~` marks a real-valued parameter. */
function describeDefinition(definition: IndicatorDefinition): string {
  const parameters = definition.parameters.map((p) => {
    const value = p.mirrors === undefined ? String(p.defaultValue) : definition.parameters[p.mirrors].name;
    return `${p.name}${p.integer ? '' : '~'}=${value}`;
  });
  const outputs = definition.outputs.length > 0 ? ` [${definition.outputs.join(' ')}]` : '';
  return `${definition.name}(${parameters.join(', ')})${outputs}: ${definition.summary}`;
}

describe('indicator catalog table', () => {
  it('lists every indicator with its parameters, defaults, outputs and summary', () => {
    expect(indicatorDefinitions().map(describeDefinition)).toEqual([
      'sma(period=20): simple moving average of the close',
      'ema(period=20): exponential moving average (SMA seed)',
      'wma(period=20): linearly weighted moving average',
      'dema(period=20): double exponential moving average',
      'tema(period=20): triple exponential moving average',
      "rsi(period=14): Wilder's relative strength index",
      'macd(fast=12, slow=26, signal=9) [line signal hist]: MACD line, signal and histogram',
      'bbands(period=20, deviations~=2, deviationsDown~=deviations) [upper middle lower percentb bandwidth]: Bollinger Bands (SMA middle, population stddev), %b and bandwidth',
      'stddev(period=20, deviations~=1): rolling population standard deviation of the close, times a factor',
      'zscore(period=20): rolling z-score of the close',
      'min(period=20): lowest close of the last n bars',
      'max(period=20): highest close of the last n bars',
      'roc(period=10): rate of change in percent',
      'mom(period=10): momentum (close minus close n bars ago)',
      'stochrsi(period=14, fastK=14, fastD=3) [k d]: stochastic RSI %K and %D',
      'trange(): true range',
      'atr(period=14): average true range (Wilder)',
      'natr(period=14): ATR as a percentage of the close',
      'adx(period=14): average directional index',
      'plusdi(period=14): +DI',
      'minusdi(period=14): -DI',
      'dx(period=14): directional movement index',
      'stoch(fastK=14, slowK=3, slowD=3) [k d]: slow stochastic %K and %D (SMA smoothing)',
      'cci(period=14): commodity channel index',
      'willr(period=14): Williams %R',
      'obv(): on-balance volume',
      'mfi(period=14): money flow index',
      'donchian(period=20) [upper middle lower]: Donchian channel (highest high, midpoint, lowest low)',
      'keltner(period=20, multiplier~=2, atrPeriod=period) [upper middle lower]: Keltner channel (EMA middle, ATR bands)',
      'sar(acceleration~=0.02, maximum~=0.2): parabolic SAR',
      'vwap(sessionStartHour=0): session VWAP (sessions start at the given UTC hour)',
    ]);
  });
});
