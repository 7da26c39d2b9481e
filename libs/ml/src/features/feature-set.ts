// The named, versioned list of features a model was trained on. A model keeps
// the descriptor it was trained with; whoever serves it builds a pipeline and
// refuses to run when the name, version or columns differ, so a model is
// never fed columns it did not learn from. Bump the version whenever any
// feature's definition or order changes.
export interface FeatureSetDescriptor {
  readonly name: string;
  readonly version: number;
  readonly names: readonly string[];
}

export const FX_TECHNICAL_FEATURE_SET = { name: 'fx-technical', version: 1 } as const;

/** Why `expected` (a model's) and `actual` (a pipeline's) differ, or null when they are the same set. */
export function featureSetMismatch(expected: FeatureSetDescriptor, actual: FeatureSetDescriptor): string | null {
  if (expected.name !== actual.name || expected.version !== actual.version) {
    return `the model needs feature set ${expected.name} v${expected.version}, the pipeline computes ${actual.name} v${actual.version}`;
  }
  if (expected.names.length !== actual.names.length) {
    return `the model needs ${expected.names.length} features, the pipeline computes ${actual.names.length}`;
  }
  const at = expected.names.findIndex((name, i) => name !== actual.names[i]);
  return at < 0 ? null : `feature ${at} is "${expected.names[at]}" in the model but "${actual.names[at]}" in the pipeline`;
}
