// The strategy's declared parameter space as tsparzen suggestions: ints and
// floats with their step or log scale, booleans and choices as categoricals.
// tsparzen cannot combine a log scale with a step; a declaration with both is
// searched on the log scale and the value moved to the nearest grid point.
import type { NumericParameterSpec, ParameterSpec, ParameterValue, ParameterValues } from '@trading/strategies';
import type { Trial } from '@trading/tsparzen';

export function suggestParameters(trial: Trial, specs: readonly ParameterSpec[]): ParameterValues {
  const values: Record<string, ParameterValue> = {};
  for (const spec of specs) values[spec.name] = suggestOne(trial, spec);
  return Object.freeze(values);
}

function suggestOne(trial: Trial, spec: ParameterSpec): ParameterValue {
  switch (spec.type) {
    case 'bool':
      return trial.suggestCategorical(spec.name, [false, true]);
    case 'choice':
      return trial.suggestCategorical(spec.name, [...spec.choices]);
    case 'int': {
      const step = spec.step ?? 1;
      if (spec.log) return snap(spec, trial.suggestInt(spec.name, spec.min, spec.max, { log: true }));
      return trial.suggestInt(spec.name, spec.min, spec.max, { step });
    }
    case 'float':
      if (spec.log) return snap(spec, trial.suggestFloat(spec.name, spec.min, spec.max, { log: true }));
      return trial.suggestFloat(spec.name, spec.min, spec.max, spec.step === undefined ? {} : { step: spec.step });
  }
}

/** The grid point of `spec` nearest to `value`, inside the range. */
export function snap(spec: NumericParameterSpec, value: number): number {
  const step = spec.step ?? (spec.type === 'int' ? 1 : 0);
  if (step <= 0) return Math.min(spec.max, Math.max(spec.min, value));
  const k = Math.round((value - spec.min) / step);
  const onGrid = Math.min(spec.max, Math.max(spec.min, spec.min + k * step));
  return Number(onGrid.toFixed(Math.min(15, decimals(step) + decimals(spec.min))));
}

function decimals(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
