// `trading bench ml-xgboost`: this project's gradient-boosted trees against
// XGBoost 1.7 (Debian's python3-xgboost, `hist`, one thread) on the same rows,
// split and parameters: the EURUSD H1 features and labels (validation from
// 2021-01-01) and a synthetic set with a known signal. Prints every measured
// figure and whether each of the issue's criteria is met.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { classificationMetrics, knownSignalDataset } from '@trading/ml';
import { CliError } from '../../cli-error';
import { vendoredData } from '../../vendored-data';
import { logLine, printJson, printText } from '../../output';
import { labelledBarsFrom } from '../ml/bar-input';
import { type GbdtFlags, GBDT_DEFAULTS, LABEL_DEFAULTS, gbdtParamsFromFlags, labellingFromFlags } from '../ml/ml-flags';
import { type ComparisonCase, type ComparisonResult, PYTHON, compareWithXgboost, xgboostVersion } from '../ml/xgboost-comparison';
import { wholeNumberFlag } from '../../whole-number-flag';

const SHARED_H1 = vendoredData.eurusdH1;
const CASES = ['eurusd-h1', 'synthetic'] as const;

interface Flags extends GbdtFlags {
  readonly data: string;
  readonly validationFrom: string;
  readonly syntheticRows: string;
  readonly cases: string;
  readonly repeat: string;
  readonly json?: boolean;
}

export function registerMlXgboostBench(bench: Command): void {
  bench
    .command('ml-xgboost')
    .description('gradient-boosted trees vs XGBoost 1.7 on the same rows: log-loss, probability correlation, training curve, training time')
    .option('--data <file>', 'bar file of the real case', SHARED_H1)
    .option('--validation-from <time>', 'validation start of the real case (ISO UTC)', '2021-01-01T00:00:00.000Z')
    .option('--synthetic-rows <n>', 'rows of the synthetic case (the last quarter validates)', '40000')
    .option('--cases <list>', `comma-separated: ${CASES.join(', ')}`, CASES.join(','))
    .option('--repeat <n>', 'training runs per side for the times (fastest counts; runs alternate between the two)', '3')
    .option('--depth <n>', 'maximum tree depth', GBDT_DEFAULTS.depth)
    .option('--rounds <n>', 'boosting rounds', GBDT_DEFAULTS.rounds)
    .option('--eta <x>', 'learning rate', GBDT_DEFAULTS.eta)
    .option('--subsample <x>', 'share of rows per tree', GBDT_DEFAULTS.subsample)
    .option('--colsample <x>', 'share of features per tree', GBDT_DEFAULTS.colsample)
    .option('--lambda <x>', 'L2 regularisation', GBDT_DEFAULTS.lambda)
    .option('--min-child-weight <x>', 'smallest hessian sum of a child', GBDT_DEFAULTS.minChildWeight)
    .option('--max-bins <n>', 'histogram bins per feature', GBDT_DEFAULTS.maxBins)
    .option('--seed <n>', 'sampling seed (both sides)', GBDT_DEFAULTS.seed)
    .option('--json', 'print JSON only')
    .action(async (flags: Flags) => {
      const params = gbdtParamsFromFlags({ ...flags, maxLeaves: '0', growPolicy: 'depthwise' }, 0);
      const cases = flags.cases.split(',').map((c) => c.trim());
      const unknown = cases.filter((c) => !(CASES as readonly string[]).includes(c));
      if (unknown.length > 0) throw new CliError(`--cases: unknown case ${unknown.join(', ')} (known: ${CASES.join(', ')})`);
      const syntheticRows = wholeNumberFlag(flags.syntheticRows, '--synthetic-rows', 1000);
      const repeat = wholeNumberFlag(flags.repeat, '--repeat', 1);
      const version = await xgboostVersion();
      if (version === null) throw new CliError(`xgboost is not importable from ${PYTHON}: apt-get install -y python3-xgboost`);
      const workDir = mkdtempSync(join(tmpdir(), 'trading-ml-xgboost-'));
      try {
        const results: ComparisonResult[] = [];
        for (const name of cases) {
          const spec = name === 'eurusd-h1' ? await realCase(flags) : syntheticCase(syntheticRows);
          logLine(`bench ml-xgboost: ${name}, ${params.rounds} rounds, depth ${params.maxDepth}, eta ${params.eta}`);
          results.push(await compareWithXgboost(spec, params, workDir, repeat));
        }
        const summary = { xgboost: version, params, cases: results, allCriteriaMet: results.every((r) => Object.values(r.criteria).every(Boolean)) };
        if (flags.json) printJson(summary);
        else printText(results.map(describe).join('\n\n'));
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    });
}

async function realCase(flags: Flags): Promise<ComparisonCase> {
  const { dataset } = await labelledBarsFrom(flags.data, { tz: 'UTC' }, labellingFromFlags(LABEL_DEFAULTS));
  return { name: 'eurusd-h1', table: dataset.table, validationFrom: flags.validationFrom };
}

function syntheticCase(rows: number): ComparisonCase {
  const data = knownSignalDataset(rows, 1);
  const from = Math.floor(rows * 0.75);
  return {
    name: 'synthetic',
    table: data.table,
    validationFrom: new Date(data.table.time[from]).toISOString(),
    bestPossibleLogloss: (validation) => {
      const truth = new Float64Array(validation.length * 3);
      const labels = new Int32Array(validation.length);
      validation.forEach((row, k) => {
        truth.set(data.trueProbabilities.subarray(row * 3, row * 3 + 3), k * 3);
        labels[k] = data.table.label[row] + 1;
      });
      return classificationMetrics(truth, labels, 3).logloss;
    },
  };
}

function describe(r: ComparisonResult): string {
  const f = (x: number, d = 4): string => x.toFixed(d);
  const met = (key: string): string => (r.criteria[key] === undefined ? '' : r.criteria[key] ? ' met' : ' NOT met');
  return [
    `${r.case}: ${r.rows.train} training rows, ${r.rows.validation} validation rows, ${r.rows.features} features`,
    `  validation log-loss  ours ${f(r.validationLogloss.ours)}  xgboost ${f(r.validationLogloss.xgboost)}  difference ${f(r.validationLogloss.relativeDifference * 100, 3)}%${met('validationLoglossWithin2Percent')}`,
    `  class prior ${f(r.validationLogloss.prior)}${r.validationLogloss.bestPossible === null ? '' : `  true probabilities ${f(r.validationLogloss.bestPossible)}`}${met('bothFarBelowPriorLogloss')}`,
    `  probability correlation ${r.probabilityCorrelation.map((c) => c.toFixed(6)).join(' / ')}${met('probabilityCorrelationAtLeast095')}; largest difference ${r.maxProbabilityDifference.toExponential(2)}`,
    `  training curve: largest difference at rounds 10, 20, ...: ${f(r.trainingCurveMaxRelativeDifference * 100, 5)}%${met('trainingCurveWithin2PercentEveryTenthRound')}`,
    `  training time (fastest of ${r.trainSeconds.runs}) ours ${f(r.trainSeconds.ours, 2)} s  xgboost ${f(r.trainSeconds.xgboost, 2)} s  ratio ${f(r.trainSeconds.ratio, 2)}${met('trainingTimeWithin2xXgboost')}`,
  ].join('\n');
}
