// Hyperparameters of the gradient-boosted trees, named and defaulted like
// XGBoost's (so a run here and an XGBoost run can be set up alike), and their
// validation: a bad value is refused with a message naming it.
export type Objective = 'multi:softprob' | 'binary:logistic';
export type GrowPolicy = 'depthwise' | 'lossguide';

export interface GbdtParams {
  readonly objective: Objective;
  /** Classes for multi:softprob (2 for binary:logistic). */
  readonly numClasses: number;
  /** Boosting rounds (one tree per class per round). */
  readonly rounds: number;
  /** Learning rate: each leaf's weight is shrunk by it. */
  readonly eta: number;
  /** Deepest a tree may grow (root at depth 0); 0 = no limit (lossguide only). */
  readonly maxDepth: number;
  /** Most leaves per tree; 0 = no limit. */
  readonly maxLeaves: number;
  readonly growPolicy: GrowPolicy;
  /** L2 regularisation on leaf weights. */
  readonly lambda: number;
  /** Smallest hessian sum a child may have. */
  readonly minChildWeight: number;
  /** Fraction of rows each tree sees (drawn per tree). */
  readonly subsample: number;
  /** Fraction of features each tree sees (drawn per tree). */
  readonly colsampleByTree: number;
  /** Most histogram bins per feature (quantile cut points), 2..256. */
  readonly maxBins: number;
  /** Stop when the validation loss has not improved for this many rounds; 0 = never. */
  readonly earlyStoppingRounds: number;
  /** Initial prediction: a probability for binary:logistic (XGBoost 1.7's 0.5); multi:softprob starts every class at this margin. */
  readonly baseScore: number;
  readonly seed: number;
}

export const DEFAULT_GBDT_PARAMS: GbdtParams = Object.freeze({
  objective: 'multi:softprob',
  numClasses: 3,
  rounds: 200,
  eta: 0.1,
  maxDepth: 6,
  maxLeaves: 0,
  growPolicy: 'depthwise',
  lambda: 1,
  minChildWeight: 1,
  subsample: 1,
  colsampleByTree: 1,
  maxBins: 256,
  earlyStoppingRounds: 0,
  baseScore: 0.5,
  seed: 0,
});

/** The parameters with defaults filled in; throws a RangeError naming every bad one. */
export function gbdtParams(overrides: Partial<GbdtParams> = {}): GbdtParams {
  const p: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...overrides };
  const problems: string[] = [];
  const whole = (name: keyof GbdtParams, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`}, got ${value}`);
  };
  const fraction = (name: keyof GbdtParams, value: number): void => {
    if (!(value > 0 && value <= 1)) problems.push(`${name} must be in (0, 1], got ${value}`);
  };
  if (p.objective !== 'multi:softprob' && p.objective !== 'binary:logistic') problems.push(`objective must be multi:softprob or binary:logistic, got ${String(p.objective)}`);
  if (p.objective === 'binary:logistic' && p.numClasses !== 2) problems.push(`binary:logistic has 2 classes, got numClasses ${p.numClasses}`);
  whole('numClasses', p.numClasses, 2, 1000);
  whole('rounds', p.rounds, 1);
  if (!(p.eta > 0 && p.eta <= 1)) problems.push(`eta must be in (0, 1], got ${p.eta}`);
  whole('maxDepth', p.maxDepth, 0, 30);
  whole('maxLeaves', p.maxLeaves, 0);
  if (p.maxLeaves === 1) problems.push('maxLeaves must be 0 (no limit) or at least 2, got 1');
  if (p.growPolicy !== 'depthwise' && p.growPolicy !== 'lossguide') problems.push(`growPolicy must be depthwise or lossguide, got ${String(p.growPolicy)}`);
  if (p.maxDepth === 0 && (p.growPolicy !== 'lossguide' || p.maxLeaves === 0)) problems.push('maxDepth 0 (no limit) needs growPolicy lossguide and a maxLeaves limit');
  if (!(p.lambda >= 0) || !Number.isFinite(p.lambda)) problems.push(`lambda must be a finite number >= 0, got ${p.lambda}`);
  if (!(p.minChildWeight >= 0) || !Number.isFinite(p.minChildWeight)) problems.push(`minChildWeight must be a finite number >= 0, got ${p.minChildWeight}`);
  fraction('subsample', p.subsample);
  fraction('colsampleByTree', p.colsampleByTree);
  whole('maxBins', p.maxBins, 2, 256);
  whole('earlyStoppingRounds', p.earlyStoppingRounds, 0);
  if (p.objective === 'binary:logistic' && !(p.baseScore > 0 && p.baseScore < 1)) problems.push(`baseScore must be a probability in (0, 1) for binary:logistic, got ${p.baseScore}`);
  if (!Number.isFinite(p.baseScore)) problems.push(`baseScore must be finite, got ${p.baseScore}`);
  if (!Number.isInteger(p.seed) || p.seed < 0 || p.seed > 0xffffffff) problems.push(`seed must be a whole number in 0..4294967295, got ${p.seed}`);
  if (problems.length > 0) throw new RangeError(`gbdt: ${problems.join('; ')}`);
  return Object.freeze(p);
}
