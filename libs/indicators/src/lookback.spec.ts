// Each indicator's `lookback` property against TA-Lib's documented lookback
// formula, and against the index of its first value when fed real bars.
import {
  Adx,
  Atr,
  BollingerBands,
  Cci,
  Dema,
  DonchianChannel,
  Ema,
  KeltnerChannel,
  Macd,
  Mfi,
  Momentum,
  Obv,
  ParabolicSar,
  RateOfChange,
  RollingMax,
  Rsi,
  SessionVwap,
  Sma,
  StdDev,
  Stochastic,
  StochasticRsi,
  Tema,
  WilliamsR,
  Wma,
  ZScore,
} from './index';
import { eurusdH1Head } from './testing/eurusd-h1.fixture';

interface Fed {
  readonly lookback: number;
  readonly value: number;
}

type Feeder = (indicator: Fed, i: number) => void;

const bars = eurusdH1Head(400);
const closeFeed: Feeder = (indicator, i) => (indicator as unknown as { update(x: number): number }).update(bars.close[i]);
const hlcFeed: Feeder = (indicator, i) =>
  (indicator as unknown as { update(h: number, l: number, c: number, v: number): number }).update(bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);

const cases: [string, Fed, number, Feeder][] = [
  ['SMA(30): n-1', new Sma(30), 29, closeFeed],
  ['EMA(30): n-1', new Ema(30), 29, closeFeed],
  ['WMA(30): n-1', new Wma(30), 29, closeFeed],
  ['DEMA(30): 2(n-1)', new Dema(30), 58, closeFeed],
  ['TEMA(30): 3(n-1)', new Tema(30), 87, closeFeed],
  ['RSI(14): n', new Rsi(14), 14, closeFeed],
  ['MACD(12,26,9): slow-1 + signal-1', new Macd(12, 26, 9), 33, closeFeed],
  ['BBANDS(20): n-1', new BollingerBands(20, 2), 19, closeFeed],
  ['STDDEV(20): n-1', new StdDev(20), 19, closeFeed],
  ['z-score(20): n-1', new ZScore(20), 19, closeFeed],
  ['MAX(20): n-1', new RollingMax(20), 19, closeFeed],
  ['ROC(10): n', new RateOfChange(10), 10, closeFeed],
  ['MOM(10): n', new Momentum(10), 10, closeFeed],
  ['STOCHRSI(14,14,3): n + k-1 + d-1', new StochasticRsi(14, 14, 3), 29, closeFeed],
  ['ATR(14): n', new Atr(14), 14, hlcFeed],
  ['ADX(14): 2n-1', new Adx(14), 27, hlcFeed],
  ['STOCH(14,3,3): k-1 + sk-1 + sd-1', new Stochastic(14, 3, 3), 17, hlcFeed],
  ['CCI(14): n-1', new Cci(14), 13, hlcFeed],
  ['WILLR(14): n-1', new WilliamsR(14), 13, hlcFeed],
  ['MFI(14): n', new Mfi(14), 14, hlcFeed],
  ['Keltner(20, 2, 30): max(n-1, atr n)', new KeltnerChannel(20, 2, 30), 30, hlcFeed],
  ['Donchian(20): n-1', new DonchianChannel(20), 19, hlcFeed],
  ['SAR: 1', new ParabolicSar(), 1, hlcFeed],
  ['OBV: 0', new Obv(), 0, (indicator, i) => (indicator as Obv).update(bars.close[i], bars.volume[i])],
  [
    'session VWAP: 0',
    new SessionVwap(),
    0,
    (indicator, i) => (indicator as SessionVwap).update(bars.time[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]),
  ],
];

describe('lookbacks follow TA-Lib', () => {
  it.each(cases)('%s', (_name, indicator, expected, feed) => {
    expect(indicator.lookback).toBe(expected);
    let first = -1;
    for (let i = 0; i < bars.length && first < 0; i++) {
      feed(indicator, i);
      if (!Number.isNaN(indicator.value)) first = i;
    }
    expect(first).toBe(expected);
  });
});
