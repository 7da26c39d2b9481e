// Parameter stability: how each fold's best parameters move across folds, and
// how much the objective falls when one of them is moved a little.
// - Drift: for numbers, the mean and the standard deviation (ddof 0) of the
//   folds' values, the latter also as a share of the declared range (in log
//   space for log-scaled parameters), so 0 means every fold agreed and 0.29
//   is as spread as uniform draws; for choices, the most chosen value and its share.
// - Sensitivity: each numeric parameter of a fold's best set moved down and
//   up by a tenth of its range (on its grid, inside the range; log-scaled ones
//   by a tenth of the log range), the others kept, rerun on that fold's train
//   window; reported as the objective of the neighbours next to the best one.
import type { NumericParameterSpec, ParameterSpec, ParameterValue, ParameterValues } from '@trading/strategies';
import { snap } from '../search/search-space';

export interface ParameterDrift {
  readonly name: string;
  readonly values: readonly (ParameterValue | null)[];
  readonly mean: number | null;
  readonly std: number | null;
  /** std over the range's width (log width for log-scaled parameters). */
  readonly spreadOfRange: number | null;
  readonly mostChosen: ParameterValue | null;
  readonly mostChosenShare: number | null;
}

export function parameterDrift(specs: readonly ParameterSpec[], best: readonly (ParameterValues | null)[]): ParameterDrift[] {
  return specs.map((spec) => {
    const values = best.map((parameters) => (parameters === null ? null : parameters[spec.name]));
    const present = values.filter((value): value is ParameterValue => value !== null);
    const counts = new Map<string, { value: ParameterValue; count: number }>();
    for (const value of present) {
      const key = JSON.stringify(value);
      const seen = counts.get(key);
      counts.set(key, { value, count: (seen?.count ?? 0) + 1 });
    }
    let mode: { value: ParameterValue; count: number } | undefined;
    for (const entry of counts.values()) if (mode === undefined || entry.count > mode.count) mode = entry;
    const base = { name: spec.name, values, mostChosen: mode?.value ?? null, mostChosenShare: mode === undefined ? null : mode.count / present.length };
    if ((spec.type !== 'int' && spec.type !== 'float') || present.length === 0) return { ...base, mean: null, std: null, spreadOfRange: null };
    const numbers = present as number[];
    const average = numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
    const std = Math.sqrt(numbers.reduce((sum, value) => sum + (value - average) ** 2, 0) / numbers.length);
    const scaled = numbers.map((value) => (spec.log ? Math.log(value) : value));
    const scaledMean = scaled.reduce((sum, value) => sum + value, 0) / scaled.length;
    const scaledStd = Math.sqrt(scaled.reduce((sum, value) => sum + (value - scaledMean) ** 2, 0) / scaled.length);
    const width = spec.log ? Math.log(spec.max) - Math.log(spec.min) : spec.max - spec.min;
    return { ...base, mean: average, std, spreadOfRange: width > 0 ? scaledStd / width : 0 };
  });
}

export interface Neighbour {
  readonly parameter: string;
  readonly direction: -1 | 1;
  readonly parameters: ParameterValues;
}

/** The sets next to `best`: each numeric parameter a tenth of its range down and up (none when that leaves it where it is). */
export function neighbours(specs: readonly ParameterSpec[], best: ParameterValues, fraction = 0.1): Neighbour[] {
  const out: Neighbour[] = [];
  for (const spec of specs) {
    if (spec.type !== 'int' && spec.type !== 'float') continue;
    const value = best[spec.name] as number;
    for (const direction of [-1, 1] as const) {
      const moved = move(spec, value, direction * fraction);
      if (moved !== value) out.push({ parameter: spec.name, direction, parameters: Object.freeze({ ...best, [spec.name]: moved }) });
    }
  }
  return out;
}

function move(spec: NumericParameterSpec, value: number, share: number): number {
  const target = spec.log ? Math.exp(Math.log(value) + share * (Math.log(spec.max) - Math.log(spec.min))) : value + share * (spec.max - spec.min);
  const snapped = snap(spec, target);
  if (snapped !== value) return snapped;
  // A tenth of a narrow integer range can round back to the value: move one grid step instead.
  const step = spec.step ?? (spec.type === 'int' ? 1 : 0);
  return step > 0 ? snap(spec, value + Math.sign(share) * step) : snapped;
}

export interface SensitivityPoint {
  readonly fold: number;
  readonly parameter: string;
  readonly direction: -1 | 1;
  readonly value: number;
  /** The neighbour's objective on the fold's train window; null when the strategy refused it. */
  readonly objective: number | null;
  /** The neighbour's objective minus the best one's (negative: worse). */
  readonly change: number | null;
}

export interface ParameterSensitivity {
  readonly name: string;
  /** Mean change of the objective over the folds, a tenth of the range below and above the best value. */
  readonly meanChangeDown: number | null;
  readonly meanChangeUp: number | null;
}

export function summariseSensitivity(specs: readonly ParameterSpec[], points: readonly SensitivityPoint[]): ParameterSensitivity[] {
  const meanOf = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  return specs
    .filter((spec) => spec.type === 'int' || spec.type === 'float')
    .map((spec) => {
      const changes = (direction: -1 | 1): number[] =>
        points.filter((point) => point.parameter === spec.name && point.direction === direction && point.change !== null).map((point) => point.change as number);
      return { name: spec.name, meanChangeDown: meanOf(changes(-1)), meanChangeUp: meanOf(changes(1)) };
    });
}
