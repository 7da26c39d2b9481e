// The versioned description kept beside every exported model (model.json next
// to model.onnx): what the model eats (the feature set, by name, version and
// column list), what it predicts (class labels and how they were made), how
// it was trained (parameters, rows and periods, learning curves) and how well
// it did on validation. A serving process reads it to build the matching
// feature pipeline and to refuse a model whose format or features it does
// not know; `parseModelManifest` says exactly what is wrong with a bad file.
import type { FeatureSetDescriptor } from '../features/feature-set';
import type { GbdtParams } from '../gbdt/gbdt-params';
import type { TripleBarrierOptions } from '../labels/triple-barrier';

export const MODEL_FORMAT = 'trading-ml-model';
export const MODEL_FORMAT_VERSION = 1;

export interface PeriodRows {
  readonly rows: number;
  /** First and last row time, ISO UTC; null without rows. */
  readonly from: string | null;
  readonly to: string | null;
}

export interface ValidationMetrics {
  readonly logloss: number;
  readonly accuracy: number;
  readonly brier: number;
  readonly priorLogloss: number;
}

export interface ImportanceEntry {
  readonly feature: string;
  readonly splits: number;
  readonly gainShare: number;
  readonly totalGain: number;
  readonly totalCover: number;
}

export interface ModelManifest {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: typeof MODEL_FORMAT_VERSION;
  /** Content hash of the model (trees, features, labels, parameters): same training, same id. */
  readonly id: string;
  readonly kind: 'gbdt';
  readonly objective: GbdtParams['objective'];
  readonly featureSet: FeatureSetDescriptor;
  /** Class labels in class-index order and their names (-1 SHORT, 0 NEUTRAL, 1 LONG). */
  readonly classes: { readonly labels: readonly number[]; readonly names: readonly string[] };
  /** How the labels were made; null when they came from a features file. */
  readonly labelling: TripleBarrierOptions | null;
  readonly source: { readonly data: string; readonly symbol: string | null; readonly timeframe: string | null };
  readonly params: GbdtParams;
  readonly roundsRun: number;
  readonly roundsKept: number;
  readonly rows: { readonly train: PeriodRows; readonly validation: PeriodRows; readonly purged: number; readonly holdout: PeriodRows | null };
  readonly validation: ValidationMetrics;
  readonly history: { readonly train: readonly number[]; readonly validation: readonly number[] };
  readonly importance: readonly ImportanceEntry[];
  readonly onnx: { readonly file: string; readonly bytes: number; readonly sha256: string; readonly input: string; readonly probabilities: string };
}

/** Reads a manifest from parsed JSON, checking the fields a consumer relies on; throws naming the first problem. */
export function parseModelManifest(value: unknown): ModelManifest {
  const m = value as Partial<ModelManifest> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new RangeError('model manifest: expected a JSON object');
  if (m.format !== MODEL_FORMAT) throw new RangeError(`model manifest: format must be "${MODEL_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (m.formatVersion !== MODEL_FORMAT_VERSION) throw new RangeError(`model manifest: unknown format version ${JSON.stringify(m.formatVersion)} (known: ${MODEL_FORMAT_VERSION})`);
  if (typeof m.id !== 'string' || m.id === '') throw new RangeError('model manifest: id must be a non-empty string');
  if (m.kind !== 'gbdt') throw new RangeError(`model manifest: unknown kind ${JSON.stringify(m.kind)} (known: gbdt)`);
  const set = m.featureSet;
  if (!set || typeof set.name !== 'string' || !Number.isInteger(set.version) || !Array.isArray(set.names) || !set.names.every((n) => typeof n === 'string')) {
    throw new RangeError('model manifest: featureSet must be {name, version, names[]}');
  }
  const classes = m.classes;
  if (!classes || !Array.isArray(classes.labels) || !Array.isArray(classes.names) || classes.labels.length !== classes.names.length || classes.labels.length < 2) {
    throw new RangeError('model manifest: classes must be {labels[], names[]} of equal length >= 2');
  }
  const onnx = m.onnx;
  if (!onnx || typeof onnx.file !== 'string' || typeof onnx.sha256 !== 'string' || !Number.isInteger(onnx.bytes)) {
    throw new RangeError('model manifest: onnx must be {file, bytes, sha256, input, probabilities}');
  }
  if (onnx.file.includes('/') || onnx.file.includes('\\') || onnx.file.startsWith('.')) throw new RangeError(`model manifest: onnx.file must be a file name beside the manifest, got ${JSON.stringify(onnx.file)}`);
  return m as ModelManifest;
}
