import { Adx } from './adx.indicator';
import { Cci } from './cci.indicator';
import { Macd } from './macd.indicator';
import { Momentum, RateOfChange } from './rate-of-change.indicator';
import { Rsi } from './rsi.indicator';
import { StochasticRsi } from './stoch-rsi.indicator';
import { Stochastic } from './stochastic.indicator';
import { WilliamsR } from './williams-r.indicator';

describe('momentum indicator settings', () => {
  it('have the lookbacks of TA-Lib', () => {
    expect(new Adx(5).lookback).toBe(9);
    expect(new Adx(5).directionalLookback).toBe(5);
    expect(new Adx().period).toBe(14);
    expect(new Cci(5).lookback).toBe(4);
    expect(new Macd(3, 5, 4).lookback).toBe(4 + 3);
    expect(new RateOfChange(5).lookback).toBe(5);
    expect(new Momentum(5).lookback).toBe(5);
    expect(new Rsi(5).lookback).toBe(5);
    expect(new StochasticRsi(5, 4, 3).lookback).toBe(5 + 3 + 2);
    expect(new Stochastic(5, 4, 3).lookback).toBe(4 + 3 + 2);
    expect(new WilliamsR(5).lookback).toBe(4);
  });

  it('default to the usual periods', () => {
    const macd = new Macd();
    expect([macd.fastPeriod, macd.slowPeriod, macd.signalPeriod, macd.lookback]).toEqual([12, 26, 9, 33]);
    const stochRsi = new StochasticRsi();
    expect([stochRsi.period, stochRsi.fastKPeriod, stochRsi.fastDPeriod, stochRsi.lookback]).toEqual([14, 5, 3, 20]);
    const stoch = new Stochastic();
    expect([stoch.fastKPeriod, stoch.slowKPeriod, stoch.slowDPeriod, stoch.lookback]).toEqual([5, 3, 3, 8]);
  });

  it.each([
    ['adx: period', () => new Adx(0)],
    ['cci: period', () => new Cci(0)],
    ['macd: fastPeriod', () => new Macd(0, 5, 3)],
    ['macd: slowPeriod', () => new Macd(1, 0, 3)],
    ['macd: signalPeriod', () => new Macd(2, 5, 0)],
    ['roc: period', () => new RateOfChange(0)],
    ['mom: period', () => new Momentum(0)],
    ['rsi: period', () => new Rsi(0)],
    ['stochrsi: period', () => new StochasticRsi(0)],
    ['stochrsi: fastKPeriod', () => new StochasticRsi(14, 0)],
    ['stochrsi: fastDPeriod', () => new StochasticRsi(14, 5, 0)],
    ['stoch: fastKPeriod', () => new Stochastic(0)],
    ['stoch: slowKPeriod', () => new Stochastic(5, 0)],
    ['stoch: slowDPeriod', () => new Stochastic(5, 3, 0)],
    ['willr: period', () => new WilliamsR(0)],
  ])('%s is named when refused', (name, make) => {
    expect(make).toThrow(`${name} must be an integer >= 1, got 0`);
  });

  it('MACD accepts a fast period equal to the slow one (its line is then 0)', () => {
    const macd = new Macd(2, 2, 1);
    expect([1, 2, 4].map((x) => macd.update(x))).toEqual([NaN, 0, 0]);
  });
});
