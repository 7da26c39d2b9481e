import { Atr } from './atr.indicator';
import { BollingerBands } from './bollinger.indicator';
import { DonchianChannel } from './donchian.indicator';
import { KeltnerChannel } from './keltner.indicator';
import { StdDev } from './stddev.indicator';
import { TrueRange } from './true-range.indicator';
import { ZScore } from './z-score.indicator';

describe('volatility indicator settings', () => {
  it('have the lookbacks of TA-Lib (Keltner: the later of its EMA and ATR warm-ups)', () => {
    expect(new Atr(5).lookback).toBe(5);
    expect(new BollingerBands(5).lookback).toBe(4);
    expect(new DonchianChannel(5).lookback).toBe(4);
    expect(new StdDev(5).lookback).toBe(4);
    expect(new ZScore(5).lookback).toBe(4);
    expect(new TrueRange().lookback).toBe(1);
    expect(new KeltnerChannel(20, 2, 10).lookback).toBe(19);
    expect(new KeltnerChannel(10, 2, 20).lookback).toBe(20);
  });

  it('default to the usual factors', () => {
    const bands = new BollingerBands(20);
    expect([bands.deviationsUp, bands.deviationsDown]).toEqual([2, 2]);
    expect(new BollingerBands(20, 3).deviationsDown).toBe(3);
    const keltner = new KeltnerChannel();
    expect([keltner.period, keltner.multiplier, keltner.atrPeriod, keltner.lookback]).toEqual([20, 2, 20, 20]);
    expect(new KeltnerChannel(10).atrPeriod).toBe(10);
    expect(new StdDev(5).deviations).toBe(1);
  });

  it.each([
    ['atr: period must be an integer >= 1, got 0', () => new Atr(0)],
    ['bbands: period must be an integer >= 1, got 0', () => new BollingerBands(0)],
    ['bbands: deviationsUp must be a finite number > 0, got 0', () => new BollingerBands(5, 0)],
    ['bbands: deviationsDown must be a finite number > 0, got 0', () => new BollingerBands(5, 2, 0)],
    ['donchian: period must be an integer >= 1, got 0', () => new DonchianChannel(0)],
    ['keltner: period must be an integer >= 1, got 0', () => new KeltnerChannel(0)],
    ['keltner: multiplier must be a finite number > 0, got 0', () => new KeltnerChannel(20, 0)],
    ['keltner: atrPeriod must be an integer >= 1, got 0', () => new KeltnerChannel(20, 2, 0)],
    ['stddev: period must be an integer >= 1, got 0', () => new StdDev(0)],
    ['stddev: deviations must be a finite number > 0, got 0', () => new StdDev(5, 0)],
    // One value has no spread to score against.
    ['zscore: period must be an integer >= 2, got 1', () => new ZScore(1)],
  ])('refuses with "%s"', (message, make) => {
    expect(make).toThrow(message);
  });
});
