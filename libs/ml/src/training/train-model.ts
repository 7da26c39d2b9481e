// One training run from a labelled table and a split: the trees, their
// validation metrics, and the manifest that will describe them (all but the
// id and the ONNX file facts, which the writer adds). Shared by both forms of
// `trading ml train` and by the side-by-side comparison with XGBoost.
import type { LabelledTable } from '../datasets/labelled-table';
import { trainingSetOf } from '../datasets/labelled-table';
import type { FeatureSetDescriptor } from '../features/feature-set';
import type { GbdtParams } from '../gbdt/gbdt-params';
import { type GbdtTrainingResult, type RoundProgress, trainGbdt } from '../gbdt/gbdt-trainer';
import { predictProbabilities } from '../gbdt/gbdt-model';
import { LABEL_CLASSES, LABEL_NAMES, type TripleBarrierOptions } from '../labels/triple-barrier';
import { type ClassificationMetrics, classificationMetrics } from '../metrics/classification-metrics';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelManifest, type PeriodRows } from '../model/model-manifest';

export interface ModelTrainingInput {
  readonly table: LabelledTable;
  readonly featureSet: FeatureSetDescriptor;
  readonly labelling: TripleBarrierOptions | null;
  readonly source: ModelManifest['source'];
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly holdout: Int32Array | null;
  readonly purged: number;
  readonly params: Partial<GbdtParams>;
  readonly onRound?: (progress: RoundProgress) => void;
}

/** The manifest before the writer adds the id and the ONNX file's size and hash. */
export type ManifestDraft = Omit<ModelManifest, 'id' | 'onnx'>;

export interface TrainedModel {
  readonly result: GbdtTrainingResult;
  readonly validation: ClassificationMetrics;
  readonly draft: ManifestDraft;
}

export function trainModel(input: ModelTrainingInput): TrainedModel {
  const { table } = input;
  if (input.train.length === 0) throw new RangeError('no training rows: move the validation start later or shorten the purge');
  if (input.validation.length === 0) throw new RangeError('no validation rows: move the validation start earlier');
  const train = trainingSetOf(table, input.train);
  const validation = trainingSetOf(table, input.validation);
  const result = trainGbdt(train, { ...input.params, objective: 'multi:softprob', numClasses: 3 }, { validation, onRound: input.onRound });
  const metrics = classificationMetrics(predictProbabilities(result.model, validation.x, validation.rows), validation.labels, 3);
  const period = (rows: Int32Array): PeriodRows => ({ rows: rows.length, from: rows.length > 0 ? iso(table.time[rows[0]]) : null, to: rows.length > 0 ? iso(table.time[rows[rows.length - 1]]) : null });
  const draft: ManifestDraft = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    kind: 'gbdt',
    objective: result.params.objective,
    featureSet: input.featureSet,
    classes: { labels: [...LABEL_CLASSES], names: [...LABEL_NAMES] },
    labelling: input.labelling,
    source: input.source,
    params: result.params,
    roundsRun: result.history.train.length,
    roundsKept: result.roundsKept,
    rows: { train: period(input.train), validation: period(input.validation), purged: input.purged, holdout: input.holdout ? period(input.holdout) : null },
    validation: { logloss: metrics.logloss, accuracy: metrics.accuracy, brier: metrics.brier, priorLogloss: metrics.priorLogloss },
    history: result.history,
    importance: result.importance.map((entry) => ({ ...entry, feature: input.featureSet.names[entry.feature] })).sort((a, b) => b.totalGain - a.totalGain || a.feature.localeCompare(b.feature)),
  };
  return { result, validation: metrics, draft };
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
