// The risk limits: one typed object with defaults, and a validator that turns
// a parsed limits file (JSON) into it, naming every bad or unknown key. Ratios
// are fractions (0.01 = 1 %); leverage is notional divided by equity.
export interface RiskLimits {
  /** Currency equity, P&L and exposures are measured in. */
  readonly accountCurrency: string;
  readonly sizing: {
    /** Fraction of equity risked at the stop per trade when Kelly does not apply. */
    readonly riskPerTrade: number;
    /** Stop distance in ATRs when the signal gives no stop. */
    readonly atrStopMultiple: number;
    readonly kelly: {
      readonly enabled: boolean;
      /** Share of the full Kelly fraction used (0.25 = quarter Kelly). */
      readonly fraction: number;
      /** Closed trades needed before Kelly replaces the fixed fraction. */
      readonly minTrades: number;
      readonly floor: number;
      readonly cap: number;
    };
    /**
     * Scaling by the signal's confidence (its `confidence` field, 0..1): no
     * size at or below minProbability, full size at or above
     * fullSizeProbability, linear in between. The defaults give the shipped
     * strategies (confidence 0.5 and up) full size.
     */
    readonly confidence: {
      /** Confidence at or below which a signal gets no size. */
      readonly minProbability: number;
      /** Confidence at or above which a signal gets full size; linear in between. */
      readonly fullSizeProbability: number;
    };
    /** Used when the market state carries no regime multiplier. */
    readonly volatilityRegimeMultiplier: number;
  };
  /** Largest net position per instrument, lots. */
  readonly maxPositionLots: number;
  /** Per-symbol overrides of maxPositionLots. */
  readonly maxPositionLotsBySymbol: Readonly<Record<string, number>>;
  readonly maxGrossLeverage: number;
  readonly maxNetLeverage: number;
  /** Largest net exposure to any one non-account currency, as leverage of equity. */
  readonly maxCurrencyLeverage: number;
  readonly correlation: {
    /** Directional correlation at or above which two positions count as stacked. */
    readonly threshold: number;
    /** How many already-held positions may be stacked with a new one (0 = none). */
    readonly maxCorrelatedPositions: number;
    readonly minObservations: number;
  };
  /** Margin used after the trade must stay within this fraction of equity. */
  readonly maxMarginUsage: number;
  readonly maxOpenPositions: number;
  readonly maxRiskPerTrade: number;
  /** Total risk at stops of positions, working orders and the new order, fraction of equity. */
  readonly maxOpenRisk: number;
  readonly minStopPips: number;
  readonly maxSpreadPips: number;
  readonly orderRate: {
    readonly perStrategyPerSecond: number;
    readonly perStrategyPerMinute: number;
    readonly overallPerSecond: number;
    readonly overallPerMinute: number;
  };
  readonly duplicate: {
    /** Same strategy, symbol and side within this window counts as a duplicate. */
    readonly windowMs: number;
    /** How many recent signal ids are remembered for exact-id duplicates. */
    readonly rememberIds: number;
  };
  readonly var: {
    readonly confidence: number;
    /** VaR horizon in bars of the return history (24 H1 bars = one day); scaled by sqrt(time). */
    readonly horizonBars: number;
    /** Largest post-trade VaR, fraction of equity. */
    readonly maxFractionOfEquity: number;
    readonly minObservations: number;
    /** Shrink the order until the VaR fits instead of rejecting it. */
    readonly allowDownsize: boolean;
  };
  readonly breakers: {
    /** Loss from start-of-session equity that halts trading until the next session. */
    readonly dailyLoss: number;
    /** UTC minute of day the trading session (and the daily loss) resets. */
    readonly sessionResetUtcMinute: number;
    /** Drawdown from peak equity that halts trading until a person resumes. */
    readonly maxDrawdown: number;
    readonly consecutiveLosses: number;
    readonly cooldownMinutes: number;
    /** ATR z-score over which trading goes REDUCING. */
    readonly volatilityZScore: number;
    /** ATR observations the z-score is measured against. */
    readonly volatilityWindow: number;
    /** No quote or bar for an instrument for this long blocks new exposure on it. */
    readonly staleDataMs: number;
    readonly brokerRejections: number;
    readonly brokerRejectionWindowMs: number;
  };
}

export const DEFAULT_RISK_LIMITS: RiskLimits = deepFreeze({
  accountCurrency: 'USD',
  sizing: {
    riskPerTrade: 0.005,
    atrStopMultiple: 2,
    kelly: { enabled: false, fraction: 0.25, minTrades: 30, floor: 0.001, cap: 0.01 },
    confidence: { minProbability: 0, fullSizeProbability: 0.5 },
    volatilityRegimeMultiplier: 1,
  },
  maxPositionLots: 10,
  maxPositionLotsBySymbol: {},
  maxGrossLeverage: 10,
  maxNetLeverage: 5,
  maxCurrencyLeverage: 5,
  correlation: { threshold: 0.8, maxCorrelatedPositions: 0, minObservations: 100 },
  maxMarginUsage: 0.5,
  maxOpenPositions: 6,
  maxRiskPerTrade: 0.01,
  maxOpenRisk: 0.04,
  minStopPips: 5,
  maxSpreadPips: 3,
  orderRate: { perStrategyPerSecond: 2, perStrategyPerMinute: 20, overallPerSecond: 5, overallPerMinute: 60 },
  duplicate: { windowMs: 60_000, rememberIds: 1000 },
  var: { confidence: 0.99, horizonBars: 24, maxFractionOfEquity: 0.03, minObservations: 250, allowDownsize: true },
  breakers: {
    dailyLoss: 0.03,
    sessionResetUtcMinute: 21 * 60,
    maxDrawdown: 0.1,
    consecutiveLosses: 5,
    cooldownMinutes: 240,
    volatilityZScore: 3,
    volatilityWindow: 100,
    staleDataMs: 2 * 3_600_000,
    brokerRejections: 5,
    brokerRejectionWindowMs: 60_000,
  },
});

export class RiskLimitsError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid risk limits: ${issues.join('; ')}`);
    this.name = 'RiskLimitsError';
  }
}

type Check = (value: unknown) => string | null;

const number =
  (min: number, max: number, options: { integer?: boolean; minExclusive?: boolean } = {}): Check =>
  (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
    if (options.integer && !Number.isInteger(value)) return 'must be an integer';
    if (options.minExclusive ? value <= min : value < min) return `must be ${options.minExclusive ? '>' : '>='} ${min}`;
    if (value > max) return `must be <= ${max}`;
    return null;
  };
const fraction = number(0, 1, { minExclusive: true });
const positive = number(0, Number.MAX_SAFE_INTEGER, { minExclusive: true });
const count = number(0, Number.MAX_SAFE_INTEGER, { integer: true });
const positiveCount = number(1, Number.MAX_SAFE_INTEGER, { integer: true });
const boolean: Check = (value) => (typeof value === 'boolean' ? null : 'must be true or false');
const currency: Check = (value) => (typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? null : 'must be an ISO currency code such as "USD"');
const lotsBySymbol: Check = (value) => {
  if (!isPlainObject(value)) return 'must be an object of SYMBOL: lots';
  for (const [symbol, lots] of Object.entries(value)) {
    if (!/^[A-Z]{6}$/.test(symbol)) return `key "${symbol}" is not a six-letter FX symbol`;
    if (typeof lots !== 'number' || !(lots > 0)) return `"${symbol}" must be a number of lots > 0`;
  }
  return null;
};

// Every leaf key of the limits file and its check; nested objects are walked.
const SCHEMA: Readonly<Record<string, Check>> = {
  accountCurrency: currency,
  'sizing.riskPerTrade': fraction,
  'sizing.atrStopMultiple': positive,
  'sizing.kelly.enabled': boolean,
  'sizing.kelly.fraction': fraction,
  'sizing.kelly.minTrades': positiveCount,
  'sizing.kelly.floor': fraction,
  'sizing.kelly.cap': fraction,
  'sizing.confidence.minProbability': number(0, 1),
  'sizing.confidence.fullSizeProbability': number(0, 1),
  'sizing.volatilityRegimeMultiplier': number(0, 10),
  maxPositionLots: positive,
  maxPositionLotsBySymbol: lotsBySymbol,
  maxGrossLeverage: positive,
  maxNetLeverage: positive,
  maxCurrencyLeverage: positive,
  'correlation.threshold': number(0, 1),
  'correlation.maxCorrelatedPositions': count,
  'correlation.minObservations': number(3, Number.MAX_SAFE_INTEGER, { integer: true }),
  maxMarginUsage: fraction,
  maxOpenPositions: positiveCount,
  maxRiskPerTrade: fraction,
  maxOpenRisk: fraction,
  minStopPips: number(0, 10_000),
  maxSpreadPips: positive,
  'orderRate.perStrategyPerSecond': positiveCount,
  'orderRate.perStrategyPerMinute': positiveCount,
  'orderRate.overallPerSecond': positiveCount,
  'orderRate.overallPerMinute': positiveCount,
  'duplicate.windowMs': count,
  'duplicate.rememberIds': positiveCount,
  'var.confidence': number(0.5, 1, { minExclusive: true }),
  'var.horizonBars': positiveCount,
  'var.maxFractionOfEquity': fraction,
  'var.minObservations': number(20, Number.MAX_SAFE_INTEGER, { integer: true }),
  'var.allowDownsize': boolean,
  'breakers.dailyLoss': fraction,
  'breakers.sessionResetUtcMinute': number(0, 1439, { integer: true }),
  'breakers.maxDrawdown': fraction,
  'breakers.consecutiveLosses': positiveCount,
  'breakers.cooldownMinutes': count,
  'breakers.volatilityZScore': positive,
  'breakers.volatilityWindow': number(10, 100_000, { integer: true }),
  'breakers.staleDataMs': positiveCount,
  'breakers.brokerRejections': positiveCount,
  'breakers.brokerRejectionWindowMs': positiveCount,
};

const GROUPS = new Set(Object.keys(SCHEMA).flatMap((key) => key.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

/** The documented keys of the limits file, dotted, in schema order. */
export const RISK_LIMIT_KEYS: readonly string[] = Object.keys(SCHEMA);

/**
 * Limits from a parsed limits file: every key is optional and falls back to its
 * default; unknown keys, wrong types, out-of-range values and inconsistent
 * pairs are all reported at once, each by its dotted key.
 */
export function parseRiskLimits(input: unknown, defaults: RiskLimits = DEFAULT_RISK_LIMITS): RiskLimits {
  if (!isPlainObject(input)) throw new RiskLimitsError(['the limits must be a JSON object']);
  const issues: string[] = [];
  const merged = structuredClone(defaults) as unknown as Record<string, unknown>;
  walk(input, '', merged, issues);
  if (issues.length === 0) {
    const limits = merged as unknown as RiskLimits;
    if (limits.sizing.kelly.floor > limits.sizing.kelly.cap) issues.push('sizing.kelly.floor: must be <= sizing.kelly.cap');
    if (limits.sizing.kelly.cap > limits.maxRiskPerTrade) issues.push('sizing.kelly.cap: must be <= maxRiskPerTrade');
    if (limits.sizing.riskPerTrade > limits.maxRiskPerTrade) issues.push('sizing.riskPerTrade: must be <= maxRiskPerTrade');
    if (limits.sizing.confidence.minProbability >= limits.sizing.confidence.fullSizeProbability) {
      issues.push('sizing.confidence.minProbability: must be < sizing.confidence.fullSizeProbability');
    }
    if (limits.orderRate.perStrategyPerSecond > limits.orderRate.perStrategyPerMinute) {
      issues.push('orderRate.perStrategyPerSecond: must be <= orderRate.perStrategyPerMinute');
    }
    if (limits.orderRate.overallPerSecond > limits.orderRate.overallPerMinute) issues.push('orderRate.overallPerSecond: must be <= orderRate.overallPerMinute');
  }
  if (issues.length > 0) throw new RiskLimitsError(issues);
  return deepFreeze(merged as unknown as RiskLimits);
}

function walk(input: Record<string, unknown>, prefix: string, target: Record<string, unknown>, issues: string[]): void {
  for (const [key, value] of Object.entries(input)) {
    const path = prefix + key;
    // A dotted key is not a path: {"var.confidence": 0.95} would pass its check and set nothing.
    if (key.includes('.')) {
      issues.push(`${path}: unknown key`);
      continue;
    }
    const check = SCHEMA[path];
    if (check) {
      const problem = check(value);
      if (problem) issues.push(`${path}: ${problem}`);
      else target[key] = value;
    } else if (GROUPS.has(path)) {
      if (isPlainObject(value)) walk(value, `${path}.`, target[key] as Record<string, unknown>, issues);
      else issues.push(`${path}: must be an object`);
    } else {
      issues.push(`${path}: unknown key`);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
