// How much each feature contributed to the ensemble: the number of splits on
// it, the loss reduction those splits bought (total, and as a share of all),
// and the hessian mass they divided (cover), as XGBoost's get_score reports
// as weight, total_gain and total_cover.
import type { RegressionTree } from './regression-tree';

export interface FeatureImportance {
  readonly feature: number;
  readonly splits: number;
  readonly totalGain: number;
  /** totalGain / the sum over features; 0 when nothing was split. */
  readonly gainShare: number;
  readonly totalCover: number;
}

export function featureImportance(trees: readonly RegressionTree[], features: number): FeatureImportance[] {
  const splits = new Array<number>(features).fill(0);
  const gain = new Array<number>(features).fill(0);
  const cover = new Array<number>(features).fill(0);
  for (const tree of trees) {
    for (let n = 0; n < tree.left.length; n++) {
      if (tree.left[n] < 0) continue;
      const f = tree.feature[n];
      splits[f]++;
      gain[f] += tree.gain[n];
      cover[f] += tree.cover[n];
    }
  }
  const total = gain.reduce((a, b) => a + b, 0);
  return splits.map((count, f) => ({ feature: f, splits: count, totalGain: gain[f], gainShare: total > 0 ? gain[f] / total : 0, totalCover: cover[f] }));
}
