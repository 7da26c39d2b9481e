import { instrumentFor, pointSize, pointsToPrice } from './instrument';

describe('points in price', () => {
  it('turns a spread in points into price through the instrument precision', () => {
    // 10^-5 has no exact double; what counts is that the venue and market-data compute it the same way.
    expect(pointSize(instrumentFor('EURUSD'))).toBe(10 ** -5);
    expect(pointsToPrice(10, instrumentFor('EURUSD'))).toBe(9.999999999999999e-5);
    expect(pointsToPrice(12, instrumentFor('USDJPY'))).toBe(0.012);
    expect(pointsToPrice(0, instrumentFor('GBPUSD'))).toBe(0);
    // The real EURUSD H1 bar of 2015-03-09 14:00: bid 1.08578, spread 10 points → the ask a buy fills at.
    expect(1.08578 + pointsToPrice(10, instrumentFor('EURUSD'))).toBe(1.08588);
  });
});
