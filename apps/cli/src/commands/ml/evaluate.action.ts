// `trading ml evaluate`: a saved model run through onnxruntime (the way a
// service runs it) on the labelled rows of a bar or features file, from a
// time on (by default the first row after everything the model was trained
// and validated on, so the figures are out of sample), with the same metrics
// and report as training. Features are rebuilt by the current pipeline, and a
// model of another feature set or version is refused.
import { writeFileSync } from 'node:fs';
import {
  type LabelledTable,
  type ModelManifest,
  classOfLabel,
  classificationMetrics,
  featureSetMismatch,
  labelledRows,
  renderModelReport,
} from '@trading/ml';
import { OnnxClassifier, type ReadModel, readModelBundle } from '@trading/ml-runtime';
import type { BarFileFlags } from '../../bar-file-flags';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { featuresFileFrom, labelledBarsFrom } from './bar-input';
import { timeFlag } from './ml-flags';

interface EvaluateFlags extends BarFileFlags {
  readonly model: string;
  readonly data?: string;
  readonly features?: string;
  readonly from?: string;
  readonly report?: string;
  readonly json?: boolean;
}

export async function mlEvaluate(flags: EvaluateFlags): Promise<void> {
  if ((flags.data === undefined) === (flags.features === undefined)) throw new CliError('give exactly one of --data <bar file> or --features <file.csv>');
  if (flags.report !== undefined && !flags.report.toLowerCase().endsWith('.html')) throw new CliError(`--report: expected a path ending in .html, got "${flags.report}"`);
  let bundle: ReadModel;
  try {
    bundle = readModelBundle(flags.model);
  } catch (error) {
    throw new CliError(`--model: ${(error as Error).message}`);
  }
  const { manifest } = bundle;
  const table = await tableFor(manifest, flags);
  const trainedThrough = Date.parse(manifest.rows.validation.to ?? manifest.rows.train.to ?? '');
  const defaultFrom = manifest.rows.holdout?.from ? Date.parse(manifest.rows.holdout.from) : trainedThrough + 1;
  const from = flags.from !== undefined ? timeFlag(flags.from, '--from') : defaultFrom;
  const rows = labelledRows(table).filter((row) => table.time[row] >= from);
  if (rows.length === 0) throw new CliError(`no labelled rows at or after ${new Date(from).toISOString()} in ${flags.data ?? flags.features}; pass --from`);
  const inSample = table.time[rows[0]] <= trainedThrough;
  if (inSample) logLine(`warning: rows up to ${manifest.rows.validation.to} were used to train or validate this model; figures on them are not out of sample`);

  const width = table.names.length;
  const x = new Float32Array(rows.length * width);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, k) => {
    x.set(table.values.subarray(row * width, (row + 1) * width), k * width);
    labels[k] = classOfLabel(table.label[row]);
  });
  let classifier: OnnxClassifier;
  try {
    classifier = await OnnxClassifier.load(bundle.onnxBytes);
  } catch (error) {
    throw new CliError(`--model: ${(error as Error).message}`);
  }
  let probabilities: Float32Array;
  try {
    probabilities = await classifier.predict(x, rows.length);
  } finally {
    await classifier.close();
  }
  const metrics = classificationMetrics(probabilities, labels, manifest.classes.labels.length);
  const period = { from: new Date(table.time[rows[0]]).toISOString(), to: new Date(table.time[rows[rows.length - 1]]).toISOString() };
  if (flags.report !== undefined) {
    try {
      writeFileSync(flags.report, renderModelReport(manifest, { title: `Evaluation: ${period.from} to ${period.to}${inSample ? ' (includes rows seen in training or validation)' : ''}`, metrics }));
    } catch (error) {
      throw new CliError(`--report: cannot write ${flags.report}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const result = {
    model: manifest.id,
    data: flags.data ?? flags.features,
    ...period,
    rows: metrics.rows,
    outOfSample: !inSample,
    logloss: metrics.logloss,
    priorLogloss: metrics.priorLogloss,
    accuracy: metrics.accuracy,
    brier: metrics.brier,
    confusion: metrics.confusion,
    report: flags.report ?? null,
  };
  if (flags.json) printJson(result);
  else {
    printText(
      `${manifest.id} on ${result.rows} rows ${period.from} to ${period.to}${inSample ? ' (not out of sample)' : ''}: log-loss ${metrics.logloss.toFixed(4)} ` +
        `(no skill: ${metrics.priorLogloss.toFixed(4)}), accuracy ${(metrics.accuracy * 100).toFixed(1)}%, Brier ${metrics.brier.toFixed(4)}`,
    );
  }
}

async function tableFor(manifest: ModelManifest, flags: EvaluateFlags): Promise<LabelledTable> {
  if (flags.features !== undefined) {
    const { table } = featuresFileFrom(flags.features);
    const mismatch = featureSetMismatch(manifest.featureSet, { ...manifest.featureSet, names: table.names });
    if (mismatch !== null) throw new CliError(`--features: ${mismatch.replace('the pipeline computes', 'the file has')}`);
    return table;
  }
  if (manifest.labelling === null) throw new CliError('--data: this model was trained on a features file and keeps no labelling rules; evaluate it with --features');
  const { dataset } = await labelledBarsFrom(flags.data as string, flags, manifest.labelling);
  const mismatch = featureSetMismatch(manifest.featureSet, dataset.descriptor);
  if (mismatch !== null) throw new CliError(`--model: ${mismatch}`);
  return dataset.table;
}
