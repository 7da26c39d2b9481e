// A synthetic three-class data set whose true class probabilities are known,
// for judging a learner where the answer is known: ten features (Gaussian,
// one hour-like integer, one with 10% missing values), and a class drawn from
// a softmax of non-linear functions of them (a linear trend, an interaction,
// a threshold, a bump, a periodic effect and the missingness itself). The log-
// loss of the true probabilities is the best any model can expect; the class
// shares' log-loss is what ignoring the features scores. Deterministic for a
// seed: the same rows in every run and on every machine running this code.
import { type RandomSource, SeededRandom } from '@trading/domain';
import type { LabelledTable } from './labelled-table';

const HOUR_MS = 3_600_000;
/** 2020-01-01T00:00:00Z: the synthetic rows are stamped hourly from here, so time splits apply. */
const START = 1_577_836_800_000;

export interface KnownSignalDataset {
  readonly table: LabelledTable;
  /** The true probabilities of each row (rows × 3). */
  readonly trueProbabilities: Float64Array;
}

export function knownSignalDataset(rows: number, seed = 1): KnownSignalDataset {
  if (!Number.isInteger(rows) || rows < 10) throw new RangeError(`rows must be a whole number >= 10, got ${rows}`);
  const random = new SeededRandom(seed);
  const names = ['trend', 'pair_a', 'pair_b', 'level', 'bump', 'noise_1', 'noise_2', 'noise_3', 'hour', 'sometimes_missing'];
  const width = names.length;
  const values = new Float64Array(rows * width);
  const label = new Float64Array(rows);
  const time = new Float64Array(rows);
  const truth = new Float64Array(rows * 3);
  const logits = new Float64Array(3);
  for (let r = 0; r < rows; r++) {
    const x = values.subarray(r * width, (r + 1) * width);
    for (let f = 0; f < 8; f++) x[f] = gaussian(random);
    x[8] = random.nextUint32() % 24;
    x[9] = random.nextFloat() < 0.1 ? Number.NaN : gaussian(random);
    const missing = x[9] !== x[9];
    logits[0] = -1.4 * x[0] + (x[1] * x[2] > 0 ? 0.9 : -0.3) + (missing ? 0.8 : 0.3 * x[9]);
    logits[1] = 1.2 * Math.exp(-x[4] * x[4]) + (x[3] > 0.5 ? -0.9 : 0.2);
    logits[2] = 1.4 * x[0] + 0.6 * Math.cos((2 * Math.PI * x[8]) / 24) + (x[3] > 0.5 ? 0.7 : 0);
    softmax(logits, truth, r * 3);
    const u = random.nextFloat();
    const klass = u < truth[r * 3] ? 0 : u < truth[r * 3] + truth[r * 3 + 1] ? 1 : 2;
    label[r] = klass - 1;
    time[r] = START + r * HOUR_MS;
  }
  return { table: { names, rows, values, time, label, labelEndTime: time.slice() }, trueProbabilities: truth };
}

function gaussian(random: RandomSource): number {
  // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random.nextFloat();
  const v = random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function softmax(logits: Float64Array, out: Float64Array, at: number): void {
  const max = Math.max(logits[0], logits[1], logits[2]);
  let sum = 0;
  for (let k = 0; k < 3; k++) sum += out[at + k] = Math.exp(logits[k] - max);
  for (let k = 0; k < 3; k++) out[at + k] /= sum;
}
