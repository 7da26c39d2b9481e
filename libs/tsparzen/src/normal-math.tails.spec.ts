import { logNormalMass, logNormalUpperTail, normalCdf } from './normal-math';

// Reference values from SciPy 1.10 (norm.logsf, norm.cdf, differences of norm.sf /
// norm.cdf), double precision. normal-math promises a relative error below 2e-7.
function expectWithin(actual: number, expected: number, relative = 2e-7): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('normal math on both sides of the mean', () => {
  it('gives the log upper tail below the mean, where it nears 0', () => {
    expectWithin(logNormalUpperTail(-3), -0.001350809964748193);
    expectWithin(logNormalUpperTail(-1), -0.17275377902344985);
    expectWithin(logNormalUpperTail(-0.25), -0.5129840754094307);
  });

  it('gives the CDF in both tails and either side of the mean', () => {
    expectWithin(normalCdf(-8), 6.22096057427174e-16);
    expectWithin(normalCdf(-3), 0.0013498980316300933);
    expectWithin(normalCdf(0.5), 0.6914624612740131);
    expectWithin(normalCdf(3), 0.9986501019683699);
  });

  it('gives the log mass of intervals above, below and around the mean', () => {
    expectWithin(logNormalMass(0.5, 2.5), -1.1962431770139124);
    expectWithin(logNormalMass(-2.5, -0.5), -1.1962431770139124);
    expectWithin(logNormalMass(-0.5, 2.5), -0.3779674636204269);
    expectWithin(logNormalMass(-9.5, 0.2), -0.5460043537227741);
    expectWithin(logNormalMass(-0.3, 9.5), -0.4814101615884812);
  });

  it('keeps its digits for a wide interval ten sigmas out, on either side', () => {
    // SciPy: logsf(10) + log1p(-exp(logsf(11) - logsf(10))).
    expectWithin(logNormalMass(10, 11), -53.23131022558313);
    expectWithin(logNormalMass(-11, -10), -53.23131022558313);
  });

  it('gives the log mass of a narrow interval near the mean and one 40 sigmas out', () => {
    expectWithin(logNormalMass(1, 1.04), -4.6580116676229);
    // SciPy: logcdf(-39.98) + log1p(-exp(logcdf(-40) - logcdf(-39.98))).
    expectWithin(logNormalMass(-40, -39.98), -804.4045158747413);
  });

  it('keeps its digits for an interval 2^-40 wide, where differencing two tails would lose them', () => {
    // SciPy: log(2^-40) + norm.logpdf(1 + 2^-41).
    expectWithin(logNormalMass(1, 1 + 2 ** -40), -29.14482575560294);
  });

  it('takes the mass of an interval reaching past 9 sigmas on both sides as 1 (SciPy: log mass -2.1e-21)', () => {
    expect(logNormalMass(-9.5, 9.5)).toBe(0);
    expect(logNormalMass(2, 1)).toBe(-Infinity);
  });
});
