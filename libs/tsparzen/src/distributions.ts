// Parameter distributions: what a suggest call asked for, validated once, and
// the mapping between a parameter's value and the continuous "model space" the
// samplers work in (log for log-scaled ranges, half a step widened for grids).

export type CategoricalChoice = string | number | boolean | null;
export type ParamValue = CategoricalChoice;

export interface FloatDistribution {
  readonly kind: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

export interface IntDistribution {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

export interface CategoricalDistribution {
  readonly kind: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

export type NumericalDistribution = FloatDistribution | IntDistribution;
export type Distribution = NumericalDistribution | CategoricalDistribution;

export interface RangeOptions {
  readonly log?: boolean;
  readonly step?: number;
}

function checkBounds(name: string, low: number, high: number, log: boolean, step: number | null): void {
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new RangeError(`parameter "${name}": low and high must be finite numbers, got low=${low}, high=${high}`);
  }
  if (low > high) throw new RangeError(`parameter "${name}": low (${low}) must not exceed high (${high})`);
  if (log && low <= 0) throw new RangeError(`parameter "${name}": a log range needs low > 0, got low=${low}`);
  if (step !== null) {
    if (!Number.isFinite(step) || step <= 0) throw new RangeError(`parameter "${name}": step must be a positive number, got ${step}`);
    if (log) throw new RangeError(`parameter "${name}": step and log cannot be combined`);
  }
}

/** Moves `high` down onto the grid low + k*step, so every grid point is reachable and none lies outside. */
function highOnGrid(low: number, high: number, step: number): number {
  const k = Math.floor((high - low) / step + 1e-9);
  return roundToGridPrecision(low + k * step, low, step);
}

// Sums like 0.1 + 3*0.1 carry float noise; round to the decimals that low and step carry.
function roundToGridPrecision(value: number, low: number, step: number): number {
  const digits = Math.min(15, Math.max(decimals(low), decimals(step)));
  return Number(value.toFixed(digits));
}

function decimals(x: number): number {
  const text = String(x);
  const exponent = text.indexOf('e-');
  if (exponent >= 0) return Number(text.slice(exponent + 2)) + (text.slice(0, exponent).split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

export function floatDistribution(name: string, low: number, high: number, options: RangeOptions = {}): FloatDistribution {
  const log = options.log ?? false;
  const step = options.step ?? null;
  checkBounds(name, low, high, log, step);
  return { kind: 'float', low, high: step === null ? high : highOnGrid(low, high, step), log, step };
}

export function intDistribution(name: string, low: number, high: number, options: RangeOptions = {}): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new RangeError(`parameter "${name}": int bounds must be integers, got low=${low}, high=${high}`);
  }
  if (!Number.isInteger(step)) throw new RangeError(`parameter "${name}": int step must be an integer, got ${step}`);
  checkBounds(name, low, high, log, log && step === 1 ? null : step);
  return { kind: 'int', low, high: highOnGrid(low, high, step), log, step };
}

export function categoricalDistribution(name: string, choices: readonly CategoricalChoice[]): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0) throw new RangeError(`parameter "${name}": choices must be a non-empty array`);
  for (const choice of choices) {
    const type = typeof choice;
    if (choice !== null && type !== 'string' && type !== 'number' && type !== 'boolean') {
      throw new TypeError(`parameter "${name}": choices must be strings, numbers, booleans or null, got ${type}`);
    }
    if (typeof choice === 'number' && !Number.isFinite(choice)) throw new RangeError(`parameter "${name}": choice ${choice} is not a finite number`);
  }
  if (new Set(choices).size !== choices.length) throw new RangeError(`parameter "${name}": choices must be distinct`);
  return { kind: 'categorical', choices: [...choices] };
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.kind === 'categorical' || b.kind === 'categorical') {
    if (a.kind !== 'categorical' || b.kind !== 'categorical') return false;
    return a.choices.length === b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
  }
  return a.kind === b.kind && a.low === b.low && a.high === b.high && a.log === b.log && a.step === b.step;
}

/** Whether two suggestions of one name, in different trials, ask for the same kind of parameter. */
export function compatibleDistributions(a: Distribution, b: Distribution): boolean {
  if (a.kind === 'categorical' || b.kind === 'categorical') return sameDistribution(a, b);
  return a.kind === b.kind && a.log === b.log;
}

export function describeDistribution(d: Distribution): string {
  if (d.kind === 'categorical') return `categorical(${JSON.stringify(d.choices)})`;
  return `${d.kind}(${d.low}, ${d.high}${d.log ? ', log' : ''}${d.step !== null ? `, step=${d.step}` : ''})`;
}

/** The half-width of a grid cell in the parameter's own units, or 0 for a continuous range. */
export function gridStep(d: NumericalDistribution): number {
  return d.kind === 'int' ? d.step : (d.step ?? 0);
}

/**
 * Bounds of the model space: log-transformed for log ranges, widened by half a
 * step for grids so each grid point owns an equal cell.
 */
export function modelBounds(d: NumericalDistribution): { low: number; high: number } {
  if (d.log) {
    if (d.kind === 'int') return { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5) };
    return { low: Math.log(d.low), high: Math.log(d.high) };
  }
  const half = gridStep(d) / 2;
  return { low: d.low - half, high: d.high + half };
}

export function toModel(d: NumericalDistribution, value: number): number {
  return d.log ? Math.log(value) : value;
}

/** Maps a model-space point back to a valid value: exp for log, nearest grid point for steps. */
export function fromModel(d: NumericalDistribution, x: number): number {
  let value = d.log ? Math.exp(x) : x;
  const step = gridStep(d);
  if (step > 0) {
    const k = Math.round((value - d.low) / step);
    value = d.kind === 'int' ? d.low + k * step : roundToGridPrecision(d.low + k * step, d.low, step);
  }
  return Math.min(d.high, Math.max(d.low, value));
}

/** The model-space cell a grid value stands for, or null for a continuous range. */
export function modelCell(d: NumericalDistribution, value: number): { low: number; high: number } | null {
  if (d.kind === 'int' && d.log) return { low: Math.log(value - 0.5), high: Math.log(value + 0.5) };
  const step = gridStep(d);
  if (step === 0) return null;
  return { low: value - step / 2, high: value + step / 2 };
}

/**
 * Whether the distribution holds one value only (low = high once high is on the grid, or
 * one choice). Such a parameter has nothing to learn: it takes its value without a sampler,
 * and a joint model leaves it out, because a zero-width dimension would make every density
 * zero (so every candidate's score NaN) and would count in the bandwidth rule's dimension.
 */
export function isSingle(d: Distribution): boolean {
  return d.kind === 'categorical' ? d.choices.length === 1 : d.low === d.high;
}

/** The one value of a single-valued distribution. */
export function singleValue(d: Distribution): ParamValue {
  return d.kind === 'categorical' ? d.choices[0] : d.low;
}

export function isValidValue(d: Distribution, value: ParamValue): boolean {
  if (d.kind === 'categorical') return d.choices.includes(value);
  if (typeof value !== 'number' || !(value >= d.low && value <= d.high)) return false;
  if (d.kind === 'int') return Number.isInteger(value) && (value - d.low) % d.step === 0;
  return true;
}
