// TPE's settings with their defaults (those of Optuna's TPESampler), validated
// once so a bad value fails at construction, not in the middle of a study.

export interface TpeOptions {
  /** Seed of the sampler's generator (default 0). */
  readonly seed?: number;
  /** Finished trials drawn at random before the model takes over (default 10). */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x) per decision; the one with the best l/g wins (default 24). */
  readonly nEiCandidates?: number;
  /**
   * Share of observed trials put in the good group, before the cap (default 0.1 univariate,
   * 0.15 multivariate: chosen on the held-out validation suite, see the README).
   */
  readonly gamma?: number;
  /** Most trials the good group may hold (default 25). */
  readonly gammaMax?: number;
  /** Weight of the prior kernel relative to one observation (default 1). */
  readonly priorWeight?: number;
  /** Lower-bound kernel widths at range/min(100, kernels+1) (default true). */
  readonly considerMagicClip?: boolean;
  /** Let range ends count as neighbours when sizing the outermost kernels (default false). */
  readonly considerEndpoints?: boolean;
  /** Model parameters jointly instead of one at a time (default false). */
  readonly multivariate?: boolean;
  /**
   * With multivariate: model each group of parameters that always occur together
   * jointly (conditional spaces), instead of only the parameters every trial holds (default false).
   */
  readonly group?: boolean;
  /** Count running trials as the worst results so parallel asks spread out (default true). */
  readonly constantLiar?: boolean;
  /** Score candidates with kernels weighted by their bandwidths (default true; false: textbook mixture). */
  readonly bandwidthWeighted?: boolean;
  /** Observations older than the most recent `rampStart` get linearly smaller weights (default 25). */
  readonly rampStart?: number;
}

/** Optuna's default split: the best tenth of the trials (capped by gammaMax) form the good group. */
export const UNIVARIATE_GAMMA = 0.1;
/**
 * A joint model needs more good points to fit: on the held-out suite (twelve functions, none in
 * the benchmark) 0.15 beat 0.1 on 10 of 12 at 100 trials, 7 of 12 at 50 and 10 of 12 at 200, while
 * in univariate mode any larger share made things worse (5 of 12 at 0.15).
 */
export const MULTIVARIATE_GAMMA = 0.15;

export type TpeSettings = Required<Omit<TpeOptions, 'seed'>>;

export function tpeSettings(options: TpeOptions): TpeSettings {
  const multivariate = options.multivariate ?? false;
  const settings: TpeSettings = {
    nStartupTrials: options.nStartupTrials ?? 10,
    nEiCandidates: options.nEiCandidates ?? 24,
    gamma: options.gamma ?? (multivariate === true ? MULTIVARIATE_GAMMA : UNIVARIATE_GAMMA),
    gammaMax: options.gammaMax ?? 25,
    priorWeight: options.priorWeight ?? 1,
    considerMagicClip: options.considerMagicClip ?? true,
    considerEndpoints: options.considerEndpoints ?? false,
    multivariate,
    group: options.group ?? false,
    constantLiar: options.constantLiar ?? true,
    rampStart: options.rampStart ?? 25,
    bandwidthWeighted: options.bandwidthWeighted ?? true,
  };
  const integer = (name: keyof TpeSettings, min: number): void => {
    const value = settings[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new RangeError(`TPE option ${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  };
  integer('nStartupTrials', 0);
  integer('nEiCandidates', 1);
  integer('gammaMax', 1);
  integer('rampStart', 1);
  if (!(settings.gamma > 0 && settings.gamma <= 1)) throw new RangeError(`TPE option gamma must be in (0, 1], got ${settings.gamma}`);
  if (!(settings.priorWeight > 0 && Number.isFinite(settings.priorWeight))) {
    throw new RangeError(`TPE option priorWeight must be a positive number, got ${settings.priorWeight}`);
  }
  for (const flag of ['considerMagicClip', 'considerEndpoints', 'multivariate', 'group', 'constantLiar', 'bandwidthWeighted'] as const) {
    if (typeof settings[flag] !== 'boolean') throw new TypeError(`TPE option ${flag} must be a boolean`);
  }
  if (settings.group && !settings.multivariate) throw new RangeError('TPE option group needs multivariate: true (groups are modelled jointly)');
  return settings;
}

/** Size of the good group for n observations. */
export function goodCount(settings: TpeSettings, n: number): number {
  return Math.min(Math.ceil(settings.gamma * n), settings.gammaMax);
}

/** Weights of n observations, oldest first: flat for the recent ones, a ramp down for older ones. */
export function observationWeights(settings: TpeSettings, n: number): Float64Array {
  const weights = new Float64Array(n).fill(1);
  // Fewer than rampStart observations: none is old enough to ramp (the loop does not run).
  const ramped = n - settings.rampStart;
  for (let i = 0; i < ramped; i++) weights[i] = ramped === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramped - 1);
  return weights;
}
