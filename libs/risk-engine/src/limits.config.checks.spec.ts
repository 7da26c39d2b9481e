// Each kind of check of the limits file at its boundary (the smallest value
// accepted and the nearest refused), and every cross-key rule both ways.
import { DEFAULT_RISK_LIMITS, parseRiskLimits, RiskLimitsError } from './limits.config';

function issuesOf(input: unknown): readonly string[] {
  try {
    parseRiskLimits(input);
  } catch (error) {
    if (error instanceof RiskLimitsError) return error.issues;
    throw error;
  }
  return [];
}

describe('risk limits checks', () => {
  it('a fraction is in (0, 1]: 1 passes, 0 and 1.0001 do not', () => {
    expect(issuesOf({ maxMarginUsage: 1 })).toEqual([]);
    expect(issuesOf({ maxMarginUsage: 0 })).toEqual(['maxMarginUsage: must be > 0']);
    expect(issuesOf({ maxMarginUsage: 1.0001 })).toEqual(['maxMarginUsage: must be <= 1']);
    expect(issuesOf({ maxMarginUsage: 1e-9 })).toEqual([]);
  });

  it('an inclusive minimum accepts the minimum itself: a probability of 0, an ATR window of 10', () => {
    expect(issuesOf({ sizing: { confidence: { minProbability: 0 } } })).toEqual([]);
    expect(issuesOf({ sizing: { confidence: { minProbability: -0.01 } } })).toEqual(['sizing.confidence.minProbability: must be >= 0']);
    expect(issuesOf({ breakers: { volatilityWindow: 10 } })).toEqual([]);
    expect(issuesOf({ breakers: { volatilityWindow: 9 } })).toEqual(['breakers.volatilityWindow: must be >= 10']);
    expect(issuesOf({ breakers: { volatilityWindow: 100_000 } })).toEqual([]);
    expect(issuesOf({ breakers: { volatilityWindow: 100_001 } })).toEqual(['breakers.volatilityWindow: must be <= 100000']);
  });

  it('the VaR confidence is over 0.5 and under or at 1, exclusive of 0.5', () => {
    expect(issuesOf({ var: { confidence: 0.5 } })).toEqual(['var.confidence: must be > 0.5']);
    expect(issuesOf({ var: { confidence: 0.5000001 } })).toEqual([]);
  });

  it('a number must be a finite number, and an integer where a count is asked', () => {
    expect(issuesOf({ maxGrossLeverage: '10' })).toEqual(['maxGrossLeverage: must be a finite number']);
    expect(issuesOf({ maxGrossLeverage: Number.POSITIVE_INFINITY })).toEqual(['maxGrossLeverage: must be a finite number']);
    expect(issuesOf({ maxGrossLeverage: Number.NaN })).toEqual(['maxGrossLeverage: must be a finite number']);
    expect(issuesOf({ maxGrossLeverage: 2.5 })).toEqual([]);
    expect(issuesOf({ duplicate: { windowMs: 0 } })).toEqual([]);
    expect(issuesOf({ duplicate: { windowMs: 0.5 } })).toEqual(['duplicate.windowMs: must be an integer']);
    expect(issuesOf({ duplicate: { windowMs: -1 } })).toEqual(['duplicate.windowMs: must be >= 0']);
    expect(issuesOf({ duplicate: { rememberIds: 0 } })).toEqual(['duplicate.rememberIds: must be >= 1']);
  });

  it('a positive number (leverage, stop multiple, spread, z-score) is over 0 but need not be whole', () => {
    expect(issuesOf({ maxGrossLeverage: 0 })).toEqual(['maxGrossLeverage: must be > 0']);
    expect(issuesOf({ sizing: { atrStopMultiple: 0 }, maxSpreadPips: 0, breakers: { volatilityZScore: -1 } })).toEqual([
      'sizing.atrStopMultiple: must be > 0',
      'maxSpreadPips: must be > 0',
      'breakers.volatilityZScore: must be > 0',
    ]);
    expect(parseRiskLimits({ maxSpreadPips: 0.1 }).maxSpreadPips).toBe(0.1);
  });

  it('refuses a fraction for each whole-number limit with its own minimum: observations, reset minute, ATR window', () => {
    expect(issuesOf({ correlation: { minObservations: 100.5 }, var: { minObservations: 250.5 }, breakers: { sessionResetUtcMinute: 60.5, volatilityWindow: 10.5 } })).toEqual([
      'correlation.minObservations: must be an integer',
      'var.minObservations: must be an integer',
      'breakers.sessionResetUtcMinute: must be an integer',
      'breakers.volatilityWindow: must be an integer',
    ]);
    const limits = parseRiskLimits({ correlation: { minObservations: 3 }, var: { minObservations: 20 }, breakers: { sessionResetUtcMinute: 0, volatilityWindow: 11 } });
    expect([limits.correlation.minObservations, limits.var.minObservations, limits.breakers.sessionResetUtcMinute, limits.breakers.volatilityWindow]).toEqual([3, 20, 0, 11]);
  });

  it('takes true or false for a switch, and an upper-case three-letter code for the currency', () => {
    expect(issuesOf({ var: { allowDownsize: false } })).toEqual([]);
    expect(parseRiskLimits({ var: { allowDownsize: false } }).var.allowDownsize).toBe(false);
    expect(issuesOf({ var: { allowDownsize: 'no' } })).toEqual(['var.allowDownsize: must be true or false']);
    expect(parseRiskLimits({ accountCurrency: 'EUR' }).accountCurrency).toBe('EUR');
    // ['EUR'] reads as "EUR" as text, so only the type check refuses it.
    for (const bad of ['usd', 'USDX', 'xUSD', 'US', 840, ['EUR']]) expect(issuesOf({ accountCurrency: bad })).toEqual(['accountCurrency: must be an ISO currency code such as "USD"']);
  });

  it('takes per-symbol lots as an object of six-letter symbols with a positive number of lots', () => {
    expect(parseRiskLimits({ maxPositionLotsBySymbol: { EURUSD: 2, GBPUSD: 0.5 } }).maxPositionLotsBySymbol).toEqual({ EURUSD: 2, GBPUSD: 0.5 });
    expect(issuesOf({ maxPositionLotsBySymbol: [] })).toEqual(['maxPositionLotsBySymbol: must be an object of SYMBOL: lots']);
    expect(issuesOf({ maxPositionLotsBySymbol: null })).toEqual(['maxPositionLotsBySymbol: must be an object of SYMBOL: lots']);
    expect(issuesOf({ maxPositionLotsBySymbol: { EURUSDX: 2 } })).toEqual(['maxPositionLotsBySymbol: key "EURUSDX" is not a six-letter FX symbol']);
    expect(issuesOf({ maxPositionLotsBySymbol: { XEURUSD: 2 } })).toEqual(['maxPositionLotsBySymbol: key "XEURUSD" is not a six-letter FX symbol']);
    expect(issuesOf({ maxPositionLotsBySymbol: { EURUSD: 0 } })).toEqual(['maxPositionLotsBySymbol: "EURUSD" must be a number of lots > 0']);
    expect(issuesOf({ maxPositionLotsBySymbol: { EURUSD: '2' } })).toEqual(['maxPositionLotsBySymbol: "EURUSD" must be a number of lots > 0']);
  });

  it('names a group given as something else than an object, and a group key that is not a group', () => {
    expect(issuesOf({ breakers: null })).toEqual(['breakers: must be an object']);
    expect(issuesOf({ sizing: { kelly: [] } })).toEqual(['sizing.kelly: must be an object']);
    expect(issuesOf({ sizing: { kellyx: {} } })).toEqual(['sizing.kellyx: unknown key']);
  });

  it('names a dotted key as unknown instead of taking it for the path it spells (which it would never set)', () => {
    expect(issuesOf({ 'sizing.riskPerTrade': 0.001 })).toEqual(['sizing.riskPerTrade: unknown key']);
    expect(issuesOf({ var: { 'allowDownsize.x': true } })).toEqual(['var.allowDownsize.x: unknown key']);
    expect(issuesOf({ 'sizing.kelly': { enabled: true } })).toEqual(['sizing.kelly: unknown key']);
  });

  it('reports nothing of the cross-key rules while a key is bad, then each pair at its boundary', () => {
    expect(issuesOf({ maxRiskPerTrade: 0, sizing: { riskPerTrade: 0.5 } })).toEqual(['maxRiskPerTrade: must be > 0']);
    expect(issuesOf({ sizing: { kelly: { floor: 0.01, cap: 0.01 } } })).toEqual([]);
    expect(issuesOf({ sizing: { kelly: { floor: 0.0101, cap: 0.01 } } })).toEqual(['sizing.kelly.floor: must be <= sizing.kelly.cap']);
    expect(issuesOf({ sizing: { kelly: { cap: 0.01 } }, maxRiskPerTrade: 0.01 })).toEqual([]);
    expect(issuesOf({ sizing: { kelly: { cap: 0.0101 } }, maxRiskPerTrade: 0.01 })).toEqual(['sizing.kelly.cap: must be <= maxRiskPerTrade']);
    expect(issuesOf({ sizing: { riskPerTrade: 0.01 } })).toEqual([]);
    expect(issuesOf({ sizing: { confidence: { minProbability: 0.5, fullSizeProbability: 0.5 } } })).toEqual(['sizing.confidence.minProbability: must be < sizing.confidence.fullSizeProbability']);
    expect(issuesOf({ sizing: { confidence: { minProbability: 0.49, fullSizeProbability: 0.5 } } })).toEqual([]);
    expect(issuesOf({ orderRate: { perStrategyPerSecond: 20, perStrategyPerMinute: 20 } })).toEqual([]);
    expect(issuesOf({ orderRate: { perStrategyPerSecond: 21, perStrategyPerMinute: 20 } })).toEqual(['orderRate.perStrategyPerSecond: must be <= orderRate.perStrategyPerMinute']);
    expect(issuesOf({ orderRate: { overallPerSecond: 60, overallPerMinute: 60 } })).toEqual([]);
    expect(issuesOf({ orderRate: { overallPerSecond: 61, overallPerMinute: 60 } })).toEqual(['orderRate.overallPerSecond: must be <= orderRate.overallPerMinute']);
  });

  it('reports every broken pair at once, under the message that names them all', () => {
    const error = (() => {
      try {
        parseRiskLimits({ sizing: { riskPerTrade: 0.02, kelly: { floor: 0.02 } }, orderRate: { perStrategyPerSecond: 30, overallPerSecond: 70 } });
      } catch (caught) {
        return caught as RiskLimitsError;
      }
      return null;
    })();
    expect(error?.name).toBe('RiskLimitsError');
    expect(error?.issues).toEqual([
      'sizing.kelly.floor: must be <= sizing.kelly.cap',
      'sizing.riskPerTrade: must be <= maxRiskPerTrade',
      'orderRate.perStrategyPerSecond: must be <= orderRate.perStrategyPerMinute',
      'orderRate.overallPerSecond: must be <= orderRate.overallPerMinute',
    ]);
    expect(error?.message).toBe(`invalid risk limits: ${error?.issues.join('; ')}`);
  });

  it('starts from the defaults it is given, and leaves them untouched', () => {
    const base = parseRiskLimits({ maxOpenPositions: 3 });
    const limits = parseRiskLimits({ maxGrossLeverage: 4 }, base);
    expect([limits.maxOpenPositions, limits.maxGrossLeverage]).toEqual([3, 4]);
    expect(base.maxGrossLeverage).toBe(DEFAULT_RISK_LIMITS.maxGrossLeverage);
    expect(Object.isFrozen(limits.breakers)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RISK_LIMITS.sizing.kelly)).toBe(true);
    expect(Object.isFrozen(limits.maxPositionLotsBySymbol)).toBe(true);
  });
});
