// The search spaces the multivariate sampler models jointly.
//
// Without grouping it is one space: the parameters every finished trial holds
// with one and the same distribution, so a conditional parameter (one that
// exists for some choices only) falls back to the univariate model. With
// grouping (Optuna's `group=True`) the parameters are split into the coarsest
// groups that no finished trial cuts in two: the atoms of the partition the
// trials' parameter sets generate. Parameters that always appear together
// (`alpha` and `l1` of a 'linear' model, `depth` and `leaves` of a 'tree') then
// form a group of their own and are sampled jointly from the trials that hold
// them, while `model` forms another.
import { type Distribution, isSingle, sameDistribution } from '../distributions';
import type { SpaceEntry } from '../parzen-estimator';
import type { StudyView } from '../trial-record';

/** Parameters every finished trial holds with one and the same distribution, in name order, less single-valued ones. */
export function sharedSearchSpace(study: StudyView): SpaceEntry[] {
  let shared: Map<string, Distribution> | null = null;
  for (const trial of finishedTrials(study)) {
    if (shared === null) {
      shared = new Map(Object.entries(trial.distributions));
      continue;
    }
    for (const [name, distribution] of shared) {
      const other = trial.distributions[name];
      if (other === undefined || !sameDistribution(other, distribution)) shared.delete(name);
    }
  }
  return shared === null ? [] : entries(shared);
}

/**
 * The atoms of the partition of parameter names the finished trials generate: two
 * parameters share a group when every finished trial holds both or neither. Each
 * parameter keeps the distribution of the latest finished trial that holds it (the
 * estimators then learn from the trials that used exactly that one). Groups come in
 * the order of their first parameter name, parameters in name order; single-valued
 * parameters are left out (they carry no information), and so are emptied groups.
 */
export function groupedSearchSpaces(study: StudyView): SpaceEntry[][] {
  let groups: Set<string>[] = [];
  const latest = new Map<string, Distribution>();
  for (const trial of finishedTrials(study)) {
    const names = new Set(Object.keys(trial.distributions));
    const next: Set<string>[] = [];
    for (const group of groups) {
      const inside = new Set([...group].filter((name) => names.has(name)));
      const outside = new Set([...group].filter((name) => !names.has(name)));
      for (const name of inside) names.delete(name);
      if (inside.size > 0) next.push(inside);
      if (outside.size > 0) next.push(outside);
    }
    if (names.size > 0) next.push(names);
    groups = next;
    for (const [name, distribution] of Object.entries(trial.distributions)) latest.set(name, distribution);
  }
  return groups
    .map((group) => entries(new Map([...group].map((name) => [name, latest.get(name) as Distribution]))))
    .filter((space) => space.length > 0)
    .sort((a, b) => compareNames(a[0].name, b[0].name));
}

function* finishedTrials(study: StudyView): Iterable<StudyView['trials'][number]> {
  for (const trial of study.trials) if (trial.state === 'complete' || trial.state === 'pruned') yield trial;
}

function entries(space: Map<string, Distribution>): SpaceEntry[] {
  return [...space.entries()]
    .filter(([, distribution]) => !isSingle(distribution))
    .sort(([a], [b]) => compareNames(a, b))
    .map(([name, distribution]) => ({ name, distribution }));
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
