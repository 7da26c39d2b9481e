// `trading ml features | train | evaluate`: features and labels of a bar file,
// gradient-boosted trees trained on them and exported to ONNX, and a model
// evaluated through onnxruntime on later data. Each action is loaded only when
// it runs, so `ml features` does not load onnxruntime.
import type { Command } from 'commander';
import { GBDT_DEFAULTS, LABEL_DEFAULTS } from './ml/ml-flags';

function barFileOptions(command: Command): Command {
  return command
    .option('--symbol <symbol>', 'instrument, e.g. EURUSD (default: from the file name)')
    .option('--tf <timeframe>', 'timeframe, e.g. H1 (default: from the file name)')
    .option('--tz <zone>', "zone of the file's timestamps: IANA name or offset like +02:00", 'UTC');
}

function labelOptions(command: Command): Command {
  return command
    .option('--tp <atrs>', 'triple barrier: take-profit distance in ATR(14)s', LABEL_DEFAULTS.tp)
    .option('--sl <atrs>', 'triple barrier: stop distance in ATR(14)s', LABEL_DEFAULTS.sl)
    .option('--horizon <bars>', 'triple barrier: time barrier in bars', LABEL_DEFAULTS.horizon);
}

export function registerMl(program: Command): void {
  const ml = program.command('ml').description('machine learning: features, training, evaluation');

  labelOptions(barFileOptions(ml.command('features').description('write the features and triple-barrier labels of a bar file as CSV')))
    .requiredOption('--data <file>', 'bar file (MT5 export, quoted tab form or plain CSV, optionally .gz)')
    .requiredOption('--out <file.csv>', 'features file: time, one column per feature, label, label_end')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (flags) => (await import('./ml/features.action')).mlFeatures(flags));

  labelOptions(barFileOptions(ml.command('train').description('train gradient-boosted trees on a bar file or a features file and export them to ONNX')))
    .option('--data <file>', 'bar file: features and labels are computed, rows split 70/15/15 into train, validation and a held-out tail')
    .option('--features <file.csv>', 'features file (from `trading ml features`): train on exactly its rows')
    .option('--validation-from <time>', 'with --features: the first validation time (ISO, UTC)')
    .option('--purge <bars>', 'with --features: drop this many bars before the validation start (default: rows whose label_end reaches it)')
    .option('--model <kind>', 'model kind (gbdt)', 'gbdt')
    .option('--out <dir>', 'folder the model folder is written into', 'models')
    .option('--depth <n>', 'maximum tree depth', GBDT_DEFAULTS.depth)
    .option('--rounds <n>', 'boosting rounds', GBDT_DEFAULTS.rounds)
    .option('--eta <x>', 'learning rate', GBDT_DEFAULTS.eta)
    .option('--subsample <x>', 'share of rows per tree', GBDT_DEFAULTS.subsample)
    .option('--colsample <x>', 'share of features per tree', GBDT_DEFAULTS.colsample)
    .option('--lambda <x>', 'L2 regularisation of leaf weights', GBDT_DEFAULTS.lambda)
    .option('--min-child-weight <x>', 'smallest hessian sum of a child', GBDT_DEFAULTS.minChildWeight)
    .option('--max-leaves <n>', 'most leaves per tree (0: no limit)', GBDT_DEFAULTS.maxLeaves)
    .option('--grow-policy <policy>', 'depthwise or lossguide', GBDT_DEFAULTS.growPolicy)
    .option('--max-bins <n>', 'histogram bins per feature (2..256)', GBDT_DEFAULTS.maxBins)
    .option('--early-stopping <rounds>', 'stop after this many rounds without a better validation loss (default: 20 with --data, off with --features)')
    .option('--seed <n>', 'seed of the row and feature sampling', GBDT_DEFAULTS.seed)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags) => (await import('./ml/train.action')).mlTrain(flags));

  barFileOptions(ml.command('evaluate').description("evaluate a model through onnxruntime on a file's labelled rows (by default those after the data it was trained and validated on)"))
    .requiredOption('--model <path>', 'model.json, model.onnx or the model folder')
    .option('--data <file>', 'bar file; features and labels are computed as for training')
    .option('--features <file.csv>', 'features file instead of a bar file')
    .option('--from <time>', 'first row time to evaluate (ISO, UTC); default: after the rows the model was trained and validated on')
    .option('--report <file.html>', 'write the HTML report of the evaluation')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags) => (await import('./ml/evaluate.action')).mlEvaluate(flags));
}
