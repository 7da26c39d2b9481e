// The JSON form of a study: settings, the sampler's generator state and every
// trial, so a study restored after a restart suggests exactly what the
// uninterrupted study would have. Reading one validates it field by field.
import {
  type Distribution,
  type ParamValue,
  categoricalDistribution,
  describeDistribution,
  floatDistribution,
  intDistribution,
  isValidValue,
  sameDistribution,
} from './distributions';
import { MedianPruner } from './pruners/median.pruner';
import { NopPruner, type Pruner, type PrunerSnapshot } from './pruners/pruner';
import { SuccessiveHalvingPruner } from './pruners/successive-halving.pruner';
import { RandomSampler } from './samplers/random.sampler';
import type { Sampler, SamplerSnapshot } from './samplers/sampler';
import { TpeSampler } from './samplers/tpe.sampler';
import type { Direction, TrialRecord, TrialState } from './trial-record';

/** JSON has no infinities; they are written as strings. */
export type JsonNumber = number | 'Infinity' | '-Infinity';

export interface TrialSnapshot {
  readonly number: number;
  readonly state: TrialState;
  readonly value: JsonNumber | null;
  readonly params: Record<string, ParamValue>;
  readonly distributions: Record<string, Distribution>;
  readonly intermediateValues: readonly (readonly [number, JsonNumber])[];
  readonly failReason: string | null;
  readonly relativeParams: Record<string, ParamValue>;
  readonly relativeDistributions: Record<string, Distribution>;
  readonly systemAttributes: Record<string, JsonNumber>;
}

export interface StudySnapshot {
  readonly format: 'tsparzen-study';
  readonly version: 1;
  readonly direction: Direction;
  readonly sampler: SamplerSnapshot;
  readonly pruner: PrunerSnapshot;
  readonly trials: readonly TrialSnapshot[];
}

const STATES: readonly TrialState[] = ['running', 'complete', 'pruned', 'failed'];

export function encodeNumber(value: number): JsonNumber {
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function decodeNumber(value: unknown, where: string): number {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new SnapshotError(`${where} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(`invalid study snapshot: ${message}`);
    this.name = 'SnapshotError';
  }
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T, key: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = map(value, key);
  return out;
}

export function encodeTrial(trial: TrialRecord): TrialSnapshot {
  return {
    number: trial.number,
    state: trial.state,
    value: trial.value === null ? null : encodeNumber(trial.value),
    params: { ...trial.params },
    distributions: { ...trial.distributions },
    intermediateValues: [...trial.intermediateValues.entries()].map(([step, value]) => [step, encodeNumber(value)] as const),
    failReason: trial.failReason,
    relativeParams: { ...trial.relativeParams },
    relativeDistributions: { ...trial.relativeDistributions },
    systemAttributes: mapValues(trial.systemAttributes, encodeNumber),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rebuilds a distribution through the same constructors suggest uses, so a tampered one fails the same checks. */
function decodeDistribution(value: unknown, where: string): Distribution {
  if (!isObject(value)) throw new SnapshotError(`${where} must be an object`);
  try {
    let decoded: Distribution;
    if (value.kind === 'categorical') decoded = categoricalDistribution(where, value.choices as ParamValue[]);
    else if (value.kind === 'float') decoded = floatDistribution(where, value.low as number, value.high as number, { log: value.log as boolean, step: (value.step as number | null) ?? undefined });
    else if (value.kind === 'int') decoded = intDistribution(where, value.low as number, value.high as number, { log: value.log as boolean, step: value.step as number });
    else throw new SnapshotError(`${where} has unknown kind ${JSON.stringify(value.kind)}`);
    if (!sameDistribution(decoded, value as unknown as Distribution)) throw new SnapshotError(`${where} is not a valid distribution`);
    return decoded;
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError((error as Error).message);
  }
}

function decodeParams(params: unknown, distributions: Record<string, Distribution>, where: string): Record<string, ParamValue> {
  if (!isObject(params)) throw new SnapshotError(`${where} must be an object`);
  const names = Object.keys(params);
  if (names.length !== Object.keys(distributions).length || names.some((n) => distributions[n] === undefined)) {
    throw new SnapshotError(`${where} and its distributions name different parameters`);
  }
  for (const name of names) {
    if (!isValidValue(distributions[name], params[name] as ParamValue)) {
      throw new SnapshotError(`${where}.${name} = ${JSON.stringify(params[name])} is outside ${describeDistribution(distributions[name])}`);
    }
  }
  return { ...(params as Record<string, ParamValue>) };
}

export function decodeTrial(value: unknown, index: number): TrialRecord {
  const where = `trials[${index}]`;
  if (!isObject(value)) throw new SnapshotError(`${where} must be an object`);
  if (value.number !== index) throw new SnapshotError(`${where}.number must be ${index}, got ${JSON.stringify(value.number)}`);
  if (!STATES.includes(value.state as TrialState)) throw new SnapshotError(`${where}.state must be one of ${STATES.join(', ')}`);
  const decodeDistributions = (raw: unknown, field: string): Record<string, Distribution> => {
    if (!isObject(raw)) throw new SnapshotError(`${where}.${field} must be an object`);
    return mapValues(raw, (d, name) => decodeDistribution(d, `${where}.${field}.${name}`));
  };
  const distributions = decodeDistributions(value.distributions, 'distributions');
  const relativeDistributions = decodeDistributions(value.relativeDistributions, 'relativeDistributions');
  if (!Array.isArray(value.intermediateValues)) throw new SnapshotError(`${where}.intermediateValues must be an array`);
  const intermediateValues = new Map<number, number>();
  for (const entry of value.intermediateValues as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Number.isInteger(entry[0]) || entry[0] < 0) {
      throw new SnapshotError(`${where}.intermediateValues entries must be [step, value] with a non-negative integer step`);
    }
    intermediateValues.set(entry[0] as number, decodeNumber(entry[1], `${where}.intermediateValues value`));
  }
  if (!isObject(value.systemAttributes)) throw new SnapshotError(`${where}.systemAttributes must be an object`);
  const failReason = value.failReason;
  if (failReason !== null && typeof failReason !== 'string') throw new SnapshotError(`${where}.failReason must be a string or null`);
  const state = value.state as TrialState;
  const trialValue = value.value === null ? null : decodeNumber(value.value, `${where}.value`);
  if (state === 'complete' && trialValue === null) throw new SnapshotError(`${where} is complete but has no value`);
  return {
    number: index,
    state,
    value: trialValue,
    params: decodeParams(value.params, distributions, `${where}.params`),
    distributions,
    intermediateValues,
    failReason,
    relativeParams: decodeParams(value.relativeParams, relativeDistributions, `${where}.relativeParams`),
    relativeDistributions,
    systemAttributes: mapValues(value.systemAttributes, (v, name) => decodeNumber(v, `${where}.systemAttributes.${name}`)),
  };
}

export function decodeSampler(value: unknown): Sampler {
  if (!isObject(value)) throw new SnapshotError('sampler must be an object');
  try {
    if (value.type === 'random') return new RandomSampler({}, value.random as SamplerSnapshot['random']);
    if (value.type === 'tpe') return new TpeSampler(value.settings as object, value.random as SamplerSnapshot['random']);
  } catch (error) {
    throw new SnapshotError(`sampler: ${(error as Error).message}`);
  }
  throw new SnapshotError(`unknown sampler type ${JSON.stringify(value.type)}`);
}

export function decodePruner(value: unknown): Pruner {
  if (!isObject(value)) throw new SnapshotError('pruner must be an object');
  try {
    if (value.type === 'none') return new NopPruner();
    if (value.type === 'median') return new MedianPruner(value.settings as object);
    if (value.type === 'successive-halving') return new SuccessiveHalvingPruner(value.settings as object);
  } catch (error) {
    throw new SnapshotError(`pruner: ${(error as Error).message}`);
  }
  throw new SnapshotError(`unknown pruner type ${JSON.stringify(value.type)}`);
}
