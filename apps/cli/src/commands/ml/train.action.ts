// `trading ml train`: gradient-boosted trees on the labelled rows of a bar
// file (split 70/15/15 in time: train, validate with early stopping, hold out)
// or of a features file (split where --validation-from says), exported to
// ONNX with its manifest and report. Progress goes to stderr every ten rounds.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type FeatureSetDescriptor,
  FeaturePipeline,
  type ModelTrainingInput,
  type Purge,
  type ThreeWaySplit,
  chronologicalSplit,
  labelledRows,
  renderModelReport,
  splitAtTime,
  trainModel,
} from '@trading/ml';
import { type WrittenModel, writeModelBundle } from '@trading/ml-runtime';
import type { BarFileFlags } from '../../bar-file-flags';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { featuresFileFrom, labelledBarsFrom } from './bar-input';
import { type GbdtFlags, type LabelFlags, gbdtParamsFromFlags, labellingFromFlags, timeFlag } from './ml-flags';

interface TrainFlags extends BarFileFlags, LabelFlags, GbdtFlags {
  readonly data?: string;
  readonly features?: string;
  readonly validationFrom?: string;
  readonly purge?: string;
  readonly model: string;
  readonly out: string;
  readonly json?: boolean;
}

const PROGRESS_EVERY = 10;

export async function mlTrain(flags: TrainFlags): Promise<void> {
  if (flags.model !== 'gbdt') throw new CliError(`--model: unknown model kind "${flags.model}" (known: gbdt)`);
  if ((flags.data === undefined) === (flags.features === undefined)) throw new CliError('give exactly one of --data <bar file> or --features <file.csv>');
  const params = gbdtParamsFromFlags(flags, flags.data !== undefined ? 20 : 0);
  const input = flags.data !== undefined ? await fromBars(flags.data, flags) : fromFeaturesFile(flags.features as string, flags);
  const started = performance.now();
  const trained = trainModel({
    ...input,
    params,
    onRound: (p) => {
      if (p.round % PROGRESS_EVERY === 0 || p.round === p.rounds) logLine(`round ${p.round}/${p.rounds}: training log-loss ${p.trainLoss.toFixed(5)}, validation ${p.validationLoss.toFixed(5)}`);
    },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const section = { title: `Validation: ${trained.draft.rows.validation.from} to ${trained.draft.rows.validation.to}`, metrics: trained.validation };
  let written: WrittenModel;
  try {
    written = writeModelBundle(flags.out, trained.draft, trained.result.model, { producerVersion: workspaceVersion(), report: (manifest) => renderModelReport(manifest, section) });
  } catch (error) {
    throw new CliError(`--out: cannot write the model into ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const { manifest } = written;
  const result = {
    model: manifest.id,
    kind: manifest.kind,
    rows: manifest.rows.train.rows,
    features: manifest.featureSet.names.length,
    validation: { logloss: manifest.validation.logloss, accuracy: manifest.validation.accuracy, brier: manifest.validation.brier },
    trainSeconds: Math.round(trainSeconds * 1000) / 1000,
    onnx: written.onnxPath,
    manifest: written.manifestPath,
    validationRows: manifest.rows.validation.rows,
    purgedRows: manifest.rows.purged,
    holdout: manifest.rows.holdout,
    priorLogloss: manifest.validation.priorLogloss,
    rounds: { run: manifest.roundsRun, kept: manifest.roundsKept },
  };
  if (flags.json) printJson(result);
  else {
    printText(
      `${manifest.id}: ${result.rows} training rows, ${result.features} features, ${manifest.roundsKept} rounds; validation log-loss ${result.validation.logloss.toFixed(4)} ` +
        `(no skill: ${result.priorLogloss.toFixed(4)}), accuracy ${(result.validation.accuracy * 100).toFixed(1)}%, ${result.trainSeconds} s\n${written.onnxPath}`,
    );
  }
}

type Prepared = Omit<ModelTrainingInput, 'params' | 'onRound'>;

async function fromBars(path: string, flags: TrainFlags): Promise<Prepared> {
  if (flags.validationFrom !== undefined || flags.purge !== undefined) throw new CliError('--validation-from and --purge go with --features; --data splits its rows 70/15/15 in time');
  const labelling = labellingFromFlags(flags);
  const { dataset, symbol, timeframe } = await labelledBarsFrom(path, flags, labelling);
  let split: ThreeWaySplit;
  try {
    split = chronologicalSplit(dataset.table);
  } catch (error) {
    throw new CliError(`--data: ${(error as Error).message}`);
  }
  return { table: dataset.table, featureSet: dataset.descriptor, labelling, source: { data: path, symbol, timeframe }, train: split.train, validation: split.validation, holdout: split.holdout, purged: split.purged };
}

function fromFeaturesFile(path: string, flags: TrainFlags): Prepared {
  if (flags.validationFrom === undefined) throw new CliError('--validation-from <time> is required with --features');
  const from = timeFlag(flags.validationFrom, '--validation-from');
  const { table, hasLabelEnd } = featuresFileFrom(path);
  let purge: Purge;
  if (flags.purge !== undefined) purge = wholeNumberFlag(flags.purge, '--purge', 0);
  else purge = hasLabelEnd ? 'labels' : 0;
  const split = splitAtTime({ rows: labelledRows(table), time: table.time, labelEndTime: table.labelEndTime }, from, purge);
  if (split.train.length === 0) throw new CliError(`--validation-from: no labelled rows of ${path} before ${flags.validationFrom} are left to train on`);
  if (split.validation.length === 0) throw new CliError(`--validation-from: no labelled rows of ${path} from ${flags.validationFrom} on`);
  return { table, featureSet: featureSetOf(table.names, path), labelling: null, source: { data: path, symbol: null, timeframe: null }, train: split.train, validation: split.validation, holdout: null, purged: split.purged };
}

/** The project's feature set when the file's columns are exactly its columns; otherwise a set named after the file. */
function featureSetOf(names: readonly string[], path: string): FeatureSetDescriptor {
  const own = new FeaturePipeline({ symbol: 'EURUSD', timeframe: 'H1' }).descriptor;
  const same = names.length === own.names.length && names.every((name, i) => name === own.names[i]);
  return same ? own : { name: `file:${path.split(/[\\/]/).pop()}`, version: 1, names: [...names] };
}

let version: string | undefined;

function workspaceVersion(): string {
  version ??= (JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
