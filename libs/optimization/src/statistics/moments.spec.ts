// Reference values from numpy 1.24 / scipy 1.10 on the same ten returns.
import { deflatedSharpeRatio, expectedMaximumSharpe } from './deflated-sharpe';
import { higherMoments, percentiles, sampleStd, sharpeRatio } from './moments';

const RETURNS = [0.012, -0.004, 0.003, 0.021, -0.017, 0, 0.008, -0.002, 0.015, -0.009];
const close = (actual: number, expected: number, tolerance = 1e-12): void => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));

describe('return statistics', () => {
  it('match numpy (ddof 1) and scipy (biased skewness, Pearson kurtosis)', () => {
    close(sampleStd(RETURNS), 0.011547486498993816);
    close(sharpeRatio(RETURNS), 0.23381711684488765);
    const { skewness, kurtosis } = higherMoments(RETURNS);
    close(skewness, -0.055422594850838856);
    close(kurtosis, 2.1886525496538596);
  });

  it('interpolate percentiles linearly as numpy does', () => {
    const p = percentiles(RETURNS);
    close(p.p5, -0.0134);
    close(p.p50, 0.0015);
    close(p.p95, 0.0183);
  });

  it('give a flat series a Sharpe ratio of 0 and normal-like moments', () => {
    expect(sharpeRatio([0.001, 0.001, 0.001])).toBe(0);
    expect(higherMoments([0, 0, 0])).toEqual({ skewness: 0, kurtosis: 3 });
  });
});

describe('the expected maximum Sharpe ratio of N unskilled trials', () => {
  it.each([
    [100, 1, 2.5306028932016846],
    [1000, 0.0004, 0.06510243027305446],
    [2, 0.25, 0.25987767214029694],
  ])('N = %p, V = %p gives %p (scipy)', (trials, variance, expected) => {
    close(expectedMaximumSharpe(trials, variance), expected);
  });

  it('is 0 for a single trial: nothing was selected', () => {
    expect(expectedMaximumSharpe(1, 0.5)).toBe(0);
    expect(deflatedSharpeRatio([0.2], RETURNS).benchmarkSharpe).toBe(0);
  });
});
