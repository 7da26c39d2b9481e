// A Parzen estimator: a weighted mixture of kernels over one or more
// parameters, one kernel per observation plus one broad prior kernel. Each
// kernel is a product of a truncated normal per numerical parameter (in model
// space) and a smoothed one-hot distribution per categorical parameter. With a
// single parameter it is the univariate estimator of TPE; with several it is
// the joint (multivariate) estimator.
import {
  type Distribution,
  type NumericalDistribution,
  fromModel,
  gridStep,
  modelBounds,
  modelCell,
  toModel,
} from './distributions';
import { logNormalMass, logStandardNormalPdf } from './normal-math';
import type { SeededGenerator } from './random';

export interface EstimatorOptions {
  readonly priorWeight: number;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
  readonly multivariate: boolean;
  /**
   * Score with kernels weighted by their bandwidths (see the README, "Bandwidth-weighted
   * scoring"); candidates are still drawn with the observation weights.
   */
  readonly bandwidthWeighted: boolean;
}

export interface SpaceEntry {
  readonly name: string;
  readonly distribution: Distribution;
}

/**
 * Values of candidates or observations, one array per parameter in space order:
 * the parameter's value for numerical ones, the choice index for categorical ones.
 */
export type Columns = readonly Float64Array[];

interface NumericalKernels {
  readonly kind: 'numerical';
  readonly distribution: NumericalDistribution;
  readonly low: number;
  readonly high: number;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log of each kernel's mass inside [low, high]: the truncation normaliser. */
  readonly logMassInside: Float64Array;
  /** log(sigma) + logMassInside, the whole normaliser of a continuous kernel's density. */
  readonly logDensityNormaliser: Float64Array;
}

interface CategoricalKernels {
  readonly kind: 'categorical';
  readonly choiceCount: number;
  /** Row-major kernels x choices probabilities. */
  readonly probabilities: Float64Array;
  readonly logProbabilities: Float64Array;
}

type Kernels = NumericalKernels | CategoricalKernels;

const MAX_REJECTIONS = 1000;

export class ParzenEstimator {
  private readonly kernelCount: number;
  private readonly logWeights: Float64Array;
  /** Kernel log weights of the mixture logPdf evaluates. */
  private readonly scoreLogWeights: Float64Array;
  private readonly cumulativeWeights: Float64Array;
  private readonly kernels: Kernels[];

  /**
   * @param observations one column per space entry, each of the same length n
   * @param observationWeights n non-negative weights, oldest observation first
   */
  constructor(
    private readonly space: readonly SpaceEntry[],
    observations: Columns,
    observationWeights: ArrayLike<number>,
    private readonly options: EstimatorOptions,
  ) {
    const n = observationWeights.length;
    this.kernelCount = n + 1;
    const weights = new Float64Array(this.kernelCount);
    for (let i = 0; i < n; i++) weights[i] = observationWeights[i];
    weights[n] = options.priorWeight;
    let total = 0;
    for (const w of weights) total += w;
    this.logWeights = new Float64Array(this.kernelCount);
    this.cumulativeWeights = new Float64Array(this.kernelCount);
    let running = 0;
    for (let k = 0; k < this.kernelCount; k++) {
      this.logWeights[k] = Math.log(weights[k] / total);
      running += weights[k] / total;
      this.cumulativeWeights[k] = running;
    }
    this.kernels = space.map((entry, i) =>
      entry.distribution.kind === 'categorical'
        ? this.categoricalKernels(entry.distribution.choices.length, observations[i], n)
        : this.numericalKernels(entry.distribution, observations[i], n, space.length),
    );
    this.scoreLogWeights = options.bandwidthWeighted ? this.bandwidthWeights() : this.logWeights;
  }

  /**
   * Observation weight times the product of the kernel's bandwidths over the dimensions Optuna
   * models as densities (continuous and log ranges, log ints included), normalised: a kernel's
   * share grows with the volume it covers, so wide (isolated, exploratory) kernels and the prior
   * are not drowned by tight clusters of near-duplicate observations. Stepped grids are left out:
   * Optuna scores them by cell mass, where no bandwidth factor goes missing.
   */
  private bandwidthWeights(): Float64Array {
    const weights = Float64Array.from(this.logWeights);
    for (const kernels of this.kernels) {
      if (kernels.kind !== 'numerical' || !(kernels.distribution.log || gridStep(kernels.distribution) === 0)) continue;
      for (let k = 0; k < weights.length; k++) weights[k] += Math.log(kernels.sigmas[k]);
    }
    const total = logSumExp(weights);
    for (let k = 0; k < weights.length; k++) weights[k] -= total;
    return weights;
  }

  private categoricalKernels(choiceCount: number, observed: Float64Array, n: number): CategoricalKernels {
    const k = this.kernelCount;
    const probabilities = new Float64Array(k * choiceCount);
    // Every kernel spreads the prior weight over all choices; an observation adds its own choice.
    const spread = this.options.priorWeight / k;
    for (let row = 0; row < k; row++) {
      for (let c = 0; c < choiceCount; c++) probabilities[row * choiceCount + c] = spread;
      if (row < n) probabilities[row * choiceCount + observed[row]] += 1;
      let sum = 0;
      for (let c = 0; c < choiceCount; c++) sum += probabilities[row * choiceCount + c];
      for (let c = 0; c < choiceCount; c++) probabilities[row * choiceCount + c] /= sum;
    }
    return { kind: 'categorical', choiceCount, probabilities, logProbabilities: probabilities.map(Math.log) };
  }

  private numericalKernels(distribution: NumericalDistribution, observed: Float64Array, n: number, dimension: number): NumericalKernels {
    const { low, high } = modelBounds(distribution);
    const width = high - low;
    const k = this.kernelCount;
    const mus = new Float64Array(k);
    for (let i = 0; i < n; i++) mus[i] = toModel(distribution, observed[i]);
    mus[n] = 0.5 * (low + high);
    const sigmas = new Float64Array(k);
    if (this.options.multivariate) {
      // Scott-like rule for joint kernels: shrink with n at the rate the dimension allows.
      sigmas.fill(0.2 * Math.pow(Math.max(n, 1), -1 / (dimension + 4)) * width);
    } else {
      // Hyperopt's rule: each kernel is as wide as the larger gap to its sorted neighbours.
      const order = new Uint32Array(k);
      for (let i = 0; i < k; i++) order[i] = i;
      order.sort((a, b) => mus[a] - mus[b] || a - b);
      const at = (s: number): number => (s === 0 ? low : s === k + 1 ? high : mus[order[s - 1]]);
      for (let s = 1; s <= k; s++) sigmas[order[s - 1]] = Math.max(at(s) - at(s - 1), at(s + 1) - at(s));
      if (!this.options.considerEndpoints && k >= 2) {
        // The range ends are not observations: the outermost kernels take the gap on their inner side.
        sigmas[order[0]] = at(2) - at(1);
        sigmas[order[k - 1]] = at(k) - at(k - 1);
      }
    }
    const minSigma = this.options.considerMagicClip ? width / Math.min(100, 1 + k) : 1e-12 * Math.max(width, 1e-300);
    for (let i = 0; i < k; i++) sigmas[i] = Math.min(width, Math.max(minSigma, sigmas[i]));
    sigmas[n] = width;
    const logMassInside = new Float64Array(k);
    const logDensityNormaliser = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      logMassInside[i] = logNormalMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
      logDensityNormaliser[i] = Math.log(sigmas[i]) + logMassInside[i];
    }
    return { kind: 'numerical', distribution, low, high, mus, sigmas, logMassInside, logDensityNormaliser };
  }

  private pickKernel(random: SeededGenerator): number {
    const u = random.nextFloat();
    const cumulative = this.cumulativeWeights;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Draws `count` joint samples: one kernel per sample, then each parameter from that kernel. */
  sample(random: SeededGenerator, count: number): Columns {
    const columns = this.space.map(() => new Float64Array(count));
    for (let s = 0; s < count; s++) {
      const kernel = this.pickKernel(random);
      for (let p = 0; p < this.kernels.length; p++) {
        const kernels = this.kernels[p];
        columns[p][s] =
          kernels.kind === 'categorical' ? sampleChoice(kernels, kernel, random) : sampleNumerical(kernels, kernel, random);
      }
    }
    return columns;
  }

  /** log density (log mass for grids and categories) of each candidate under the scoring mixture. */
  logPdf(candidates: Columns): Float64Array {
    const only = this.kernels.length === 1 ? this.kernels[0] : null;
    if (only !== null && only.kind === 'numerical' && gridStepOf(only) === 0) return this.logPdfContinuous1d(only, candidates[0]);
    const count = candidates.length === 0 ? 0 : candidates[0].length;
    const result = new Float64Array(count);
    const perKernel = new Float64Array(this.kernelCount);
    for (let s = 0; s < count; s++) {
      perKernel.set(this.scoreLogWeights);
      for (let p = 0; p < this.kernels.length; p++) addLogComponent(this.kernels[p], candidates[p][s], perKernel);
      result[s] = logSumExp(perKernel);
    }
    return result;
  }

  /**
   * The common case (one continuous parameter) summed in linear space: one exp per kernel
   * and no max pass. Safe from underflow because the prior kernel is as wide as the range,
   * so its term is at least its weight times phi(1) / width for any point inside.
   */
  private logPdfContinuous1d(kernels: NumericalKernels, values: Float64Array): Float64Array {
    const k = this.kernelCount;
    const { mus, sigmas, logDensityNormaliser, distribution } = kernels;
    const coefficients = new Float64Array(k);
    const inverseSigmas = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      coefficients[i] = Math.exp(this.scoreLogWeights[i] - logDensityNormaliser[i] - LOG_SQRT_2PI);
      inverseSigmas[i] = 1 / sigmas[i];
    }
    // A point inside the range is within half a width of the prior kernel's centre, so the
    // prior's term is at least floor; a term below floor * e^-37 cannot change the sum's
    // double, and skipping its exp is most of the speed on long histories.
    const floor = coefficients[k - 1] * Math.exp(-0.125);
    let largest = 0;
    for (let i = 0; i < k; i++) largest = Math.max(largest, coefficients[i]);
    const cutoff = 2 * (37 + Math.log(largest / floor));
    const result = new Float64Array(values.length);
    for (let s = 0; s < values.length; s++) {
      const x = toModel(distribution, values[s]);
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const z = (x - mus[i]) * inverseSigmas[i];
        const z2 = z * z;
        if (z2 < cutoff) sum += coefficients[i] * Math.exp(-0.5 * z2);
      }
      result[s] = Math.log(sum);
    }
    return result;
  }
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function gridStepOf(kernels: NumericalKernels): number {
  return modelCell(kernels.distribution, kernels.distribution.low) === null ? 0 : 1;
}

function sampleChoice(kernels: CategoricalKernels, kernel: number, random: SeededGenerator): number {
  const u = random.nextFloat();
  const base = kernel * kernels.choiceCount;
  let cumulative = 0;
  for (let c = 0; c < kernels.choiceCount - 1; c++) {
    cumulative += kernels.probabilities[base + c];
    if (u < cumulative) return c;
  }
  return kernels.choiceCount - 1;
}

function sampleNumerical(kernels: NumericalKernels, kernel: number, random: SeededGenerator): number {
  const mu = kernels.mus[kernel];
  const sigma = kernels.sigmas[kernel];
  // Every kernel centre lies inside the range and sigma <= width, so at least a third of draws land inside.
  let x = mu;
  for (let attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
    const draw = mu + sigma * random.nextNormal();
    if (draw >= kernels.low && draw <= kernels.high) {
      x = draw;
      break;
    }
  }
  return fromModel(kernels.distribution, x);
}

function addLogComponent(kernels: Kernels, value: number, perKernel: Float64Array): void {
  const k = perKernel.length;
  if (kernels.kind === 'categorical') {
    for (let i = 0; i < k; i++) perKernel[i] += kernels.logProbabilities[i * kernels.choiceCount + value];
    return;
  }
  const { mus, sigmas, logMassInside, logDensityNormaliser } = kernels;
  const cell = modelCell(kernels.distribution, value);
  if (cell === null) {
    const x = toModel(kernels.distribution, value);
    for (let i = 0; i < k; i++) {
      const z = (x - mus[i]) / sigmas[i];
      perKernel[i] += logStandardNormalPdf(z) - logDensityNormaliser[i];
    }
    return;
  }
  const lo = Math.max(cell.low, kernels.low);
  const hi = Math.min(cell.high, kernels.high);
  for (let i = 0; i < k; i++) {
    perKernel[i] += logNormalMass((lo - mus[i]) / sigmas[i], (hi - mus[i]) / sigmas[i]) - logMassInside[i];
  }
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  // Terms more than e^-40 below the largest cannot move the sum's double.
  for (const v of values) if (v - max > -40) sum += Math.exp(v - max);
  return max + Math.log(sum);
}
