import { logNormalMass, logNormalUpperTail, normalCdf } from './normal-math';

// Reference values from Python's math.erfc (double precision).
describe('normal math', () => {
  it('matches the standard normal CDF at 1.96', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-1.96)).toBeCloseTo(1 - 0.9750021048517795, 6);
  });

  it('keeps the upper tail finite and accurate far from the mean', () => {
    expect(logNormalUpperTail(10)).toBeCloseTo(-53.23128515051246, 5);
    expect(logNormalUpperTail(30)).toBeCloseTo(-454.3212439563431, 4);
  });

  it('gives the log mass of a central, a one-sided and a narrow tail interval', () => {
    expect(logNormalMass(-1, 1)).toBeCloseTo(-0.38171514630212616, 6);
    expect(logNormalMass(1, 2)).toBeCloseTo(-1.9957982691807552, 6);
    expect(logNormalMass(-2, -1)).toBeCloseTo(-1.9957982691807552, 6);
    expect(logNormalMass(3, 3.01)).toBeCloseTo(-10.03908776115569, 6);
  });

  it('returns -Infinity for an empty interval and 0 for the whole line', () => {
    expect(logNormalMass(1, 1)).toBe(-Infinity);
    expect(logNormalMass(-20, 20)).toBe(0);
  });
});
