// `trading bench ml`: the ML path as a service will run it, on the real EURUSD
// H1 bars. Trains the default model of `trading ml train --data` (timed; with
// --early-stopping 0 a model of all --rounds rounds, the heaviest to run),
// exports it to ONNX and loads it in onnxruntime; then times batch inference
// over every bar's features, one row at a time as bars arrive (the feature
// pipeline's update plus one onnxruntime run per bar), and the pipeline alone.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { type BarColumns, barAt } from '@trading/domain';
import { FeaturePipeline, chronologicalSplit, trainModel } from '@trading/ml';
import { OnnxClassifier, exportModelOnnx } from '@trading/ml-runtime';
import { CliError } from '../../cli-error';
import { vendoredData } from '../../vendored-data';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { labelledBarsFrom } from '../ml/bar-input';
import { GBDT_DEFAULTS, LABEL_DEFAULTS, gbdtParamsFromFlags, labellingFromFlags } from '../ml/ml-flags';
import { lowerMedian, roundTo } from './bench-stats';

const SHARED_H1 = vendoredData.eurusdH1;

interface Flags {
  readonly data: string;
  readonly rounds: string;
  readonly earlyStopping: string;
  readonly batch: string;
  readonly singleRows: string;
  readonly json?: boolean;
}

export function registerMlBench(bench: Command): void {
  bench
    .command('ml')
    .description('ML on the real H1 bars: training time, ONNX batch rows/s, one bar (features + ONNX) latency, features per bar')
    .option('--data <file>', 'bar file', SHARED_H1)
    .option('--rounds <n>', 'boosting rounds of the model trained and run', GBDT_DEFAULTS.rounds)
    .option('--early-stopping <rounds>', 'early stopping of that training (0: off, all rounds kept)', '20')
    .option('--batch <rows>', 'rows per onnxruntime run in the batch test', '10000')
    .option('--single-rows <n>', 'bars timed one at a time (after the others warmed the pipeline)', '5000')
    .option('--json', 'print JSON only')
    .action(async (flags: Flags) => {
      const batchRows = wholeNumberFlag(flags.batch, '--batch', 1);
      const singleRows = wholeNumberFlag(flags.singleRows, '--single-rows', 100);
      const labelling = labellingFromFlags(LABEL_DEFAULTS);
      const { dataset, bars } = await labelledBarsFrom(flags.data, { tz: 'UTC' }, labelling);
      const table = dataset.table;
      if (table.rows <= singleRows + dataset.lookback) throw new CliError(`--single-rows: the file has ${table.rows} bars, too few for ${singleRows} timed bars after the warm-up`);
      const params = gbdtParamsFromFlags({ ...GBDT_DEFAULTS, rounds: flags.rounds, earlyStopping: flags.earlyStopping }, 20);
      const split = chronologicalSplit(table);
      logLine(`bench ml: training the default model on ${split.train.length} rows`);
      const started = performance.now();
      const trained = trainModel({ table, featureSet: dataset.descriptor, labelling, source: { data: flags.data, symbol: null, timeframe: null }, ...split, params });
      const trainSeconds = (performance.now() - started) / 1000;
      const onnx = exportModelOnnx(trained.result.model, trained.draft, 'bench');
      const classifier = await OnnxClassifier.load(onnx);
      try {
        const x = Float32Array.from(table.values);
        const batch = await timeBatches(classifier, x, table.rows, batchRows);
        const single = await timeSingleRows(classifier, bars, singleRows);
        const featuresPerBarMicros = timeFeatures(bars);
        const result = {
          data: flags.data,
          rows: table.rows,
          features: table.names.length,
          trees: trained.result.model.trees.length,
          onnxBytes: onnx.length,
          batchRows,
          rowsPerSecondBatch: Math.round(batch),
          singleRowP50Micros: roundTo(single.p50, 1),
          singleRowP99Micros: roundTo(single.p99, 1),
          featuresPerBarMicros: roundTo(featuresPerBarMicros, 3),
          trainSeconds: roundTo(trainSeconds, 3),
          goals: { rowsPerSecondBatch: '>= 50000', singleRowP99Micros: '< 1000' },
          met: { rowsPerSecondBatch: batch >= 50_000, singleRowP99Micros: single.p99 < 1000 },
        };
        if (flags.json) printJson(result);
        else printText(Object.entries(result).map(([k, v]) => `${k.padEnd(22)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('\n'));
      } finally {
        await classifier.close();
      }
    });
}

/** Rows per second over the whole matrix in runs of `batchRows`, the lower median of 5 passes after one untimed pass. */
async function timeBatches(classifier: OnnxClassifier, x: Float32Array, rows: number, batchRows: number): Promise<number> {
  const width = classifier.features;
  const pass = async (): Promise<number> => {
    const started = performance.now();
    for (let from = 0; from < rows; from += batchRows) {
      const count = Math.min(batchRows, rows - from);
      await classifier.predict(x.subarray(from * width, (from + count) * width), count);
    }
    return rows / ((performance.now() - started) / 1000);
  };
  await pass();
  const rates: number[] = [];
  for (let k = 0; k < 5; k++) rates.push(await pass());
  return lowerMedian(rates);
}

/** Per bar: the pipeline's update and one onnxruntime run on its row, timed together over the last `count` bars. */
async function timeSingleRows(classifier: OnnxClassifier, bars: BarColumns, count: number): Promise<{ p50: number; p99: number }> {
  const pipeline = new FeaturePipeline({ symbol: bars.symbol, timeframe: bars.timeframe });
  const first = bars.length - count;
  for (let i = 0; i < first; i++) pipeline.update(barAt(bars, i));
  const row = new Float32Array(pipeline.names.length);
  const micros: number[] = [];
  for (let i = first; i < bars.length; i++) {
    const bar = barAt(bars, i);
    const started = performance.now();
    row.set(pipeline.update(bar));
    await classifier.predict(row, 1);
    micros.push((performance.now() - started) * 1000);
  }
  micros.sort((a, b) => a - b);
  return { p50: micros[Math.floor(0.5 * (micros.length - 1))], p99: micros[Math.floor(0.99 * (micros.length - 1))] };
}

/** Microseconds per bar of the pipeline alone over the whole file, the lower median of 5 passes. */
function timeFeatures(bars: BarColumns): number {
  const objects = Array.from({ length: bars.length }, (_, i) => barAt(bars, i));
  const pass = (): number => {
    const pipeline = new FeaturePipeline({ symbol: bars.symbol, timeframe: bars.timeframe });
    const started = performance.now();
    for (const bar of objects) pipeline.update(bar);
    return ((performance.now() - started) * 1000) / objects.length;
  };
  pass();
  return lowerMedian(Array.from({ length: 5 }, pass));
}
