// `trading bench optimize`: the default walk-forward study (200 TPE trials in
// each of 6 folds of 12 months train / 3 months test on the real EURUSD H1
// bars) run in this thread and by --workers worker threads, alternately
// --repeat times so a change in the machine's load hits both alike. Reports
// the trials per second of the study phase (median of the repeats; the
// workers start and load their code before the clock starts, and that
// start-up is reported apart) and the speedup, checks that every run gave the
// same result, and states the load: the CPU time the process got over the
// wall time (the cores it really had) and the load average, since other work
// on the shared cores moves the figures.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { importBarFileSync } from '@trading/data-sources';
import { type BarColumns } from '@trading/domain';
import { LocalTrialEvaluator, type OptimizationRequest, type TrialEvaluator, optimizationSummary, optimize, parseDuration } from '@trading/optimization';
import { strategyDefinition } from '@trading/strategies';
import { CliError } from '../../cli-error';
import { vendoredData } from '../../vendored-data';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { WorkerPoolEvaluator } from '../optimize/worker-pool.evaluator';
import { lowerMedian, roundTo } from './bench-stats';

const SHARED_H1 = vendoredData.eurusdH1;

interface OptimizeBenchFlags {
  readonly data: string;
  readonly strategy: string;
  readonly trials: string;
  readonly folds: string;
  readonly workers: string;
  readonly repeat: string;
  readonly json?: boolean;
}

export function registerOptimizeBench(bench: Command): void {
  bench
    .command('optimize')
    .description('walk-forward study (200 trials x 6 folds on EURUSD H1) in one thread, then in worker threads: trials/s and speedup')
    .option('--data <file>', 'H1 bar file', SHARED_H1)
    .option('--strategy <name>', 'strategy to optimise', 'intraday')
    .option('--trials <n>', 'trials per fold', '200')
    .option('--folds <n>', 'folds', '6')
    .option('--workers <n>', 'worker threads of the parallel run', '2')
    .option('--repeat <n>', 'runs of each kind, alternating', '3')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: OptimizeBenchFlags) => {
      const workers = wholeNumberFlag(flags.workers, '--workers', 1);
      let feeds: BarColumns[];
      try {
        feeds = [importBarFileSync(flags.data).columns];
      } catch (error) {
        throw new CliError(`--data: ${error instanceof Error ? error.message : String(error)}`);
      }
      let strategy;
      try {
        strategy = strategyDefinition(flags.strategy);
      } catch (error) {
        throw new CliError(`--strategy: ${(error as Error).message}`);
      }
      const settings = { fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: { kind: 'none' } }, sizing: { kind: 'fixed-lots', lots: '0.1' }, initialCash: '10000', currency: 'USD', seed: 1 } as const;
      const request: OptimizationRequest = {
        strategy,
        feeds,
        settings,
        windows: { mode: 'rolling', train: parseDuration('12mo'), test: parseDuration('3mo'), step: parseDuration('3mo'), purge: parseDuration('0'), folds: wholeNumberFlag(flags.folds, '--folds', 1) },
        trials: wholeNumberFlag(flags.trials, '--trials', 1),
        batch: 8,
        objective: 'sharpe',
        minTrades: 20,
        monteCarlo: { runs: 2000, ruinLoss: 0.5 },
      };
      const repeat = wholeNumberFlag(flags.repeat, '--repeat', 1);
      const loadBefore = loadavg();
      logLine(`bench optimize: ${request.trials} trials x ${request.windows.folds} folds of ${strategy.name}, one thread and ${workers} workers, ${repeat} times each (load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')})`);
      const startedAt = performance.now();
      const pool = new WorkerPoolEvaluator(workers, { strategy: strategy.name, feeds, settings });
      const local = new LocalTrialEvaluator({ strategy, feeds, settings });
      const oneThread: Timed[] = [];
      const parallel: Timed[] = [];
      let workerStartSeconds: number;
      try {
        await pool.ready();
        workerStartSeconds = (performance.now() - startedAt) / 1000;
        for (let k = 0; k < repeat; k++) {
          oneThread.push(await timedStudy(request, local));
          parallel.push(await timedStudy(request, pool));
        }
      } finally {
        await pool.close();
      }
      const trials = request.trials * request.windows.folds;
      const baseSeconds = lowerMedian(oneThread.map((run) => run.seconds));
      const parallelSeconds = lowerMedian(parallel.map((run) => run.seconds));
      const cores = (runs: Timed[]) => runs.map((run) => roundTo(run.cpuSeconds / run.seconds, 2));
      const summary = {
        trials,
        workers,
        trialsPerSecond: roundTo(trials / parallelSeconds, 1),
        speedup: roundTo(baseSeconds / parallelSeconds, 3),
        oneThreadTrialsPerSecond: roundTo(trials / baseSeconds, 1),
        studySeconds: { oneThread: oneThread.map((run) => roundTo(run.seconds, 3)), workers: parallel.map((run) => roundTo(run.seconds, 3)) },
        coresUsed: { oneThread: cores(oneThread), workers: cores(parallel) },
        cpuMillisecondsPerTrial: {
          oneThread: roundTo((lowerMedian(oneThread.map((run) => run.cpuSeconds)) / trials) * 1000, 2),
          workers: roundTo((lowerMedian(parallel.map((run) => run.cpuSeconds)) / trials) * 1000, 2),
        },
        workerStartSeconds: roundTo(workerStartSeconds, 3),
        identicalResults: [...oneThread, ...parallel].every((run) => run.json === oneThread[0].json),
        strategy: strategy.name,
        loadAverage: { before: loadBefore.map((x) => roundTo(x, 2)), after: loadavg().map((x) => roundTo(x, 2)) },
      };
      if (flags.json) printJson(summary);
      else
        printText(
          `${trials} trials: one thread ${summary.oneThreadTrialsPerSecond} trials/s, ${workers} workers ${summary.trialsPerSecond} trials/s, speedup ${summary.speedup}x (cores used ${summary.coresUsed.oneThread.join('/')} vs ${summary.coresUsed.workers.join('/')}), identical results: ${summary.identicalResults}, load ${summary.loadAverage.before.join(' ')} -> ${summary.loadAverage.after.join(' ')}`,
        );
    });
}

interface Timed {
  readonly seconds: number;
  /** CPU time of the whole process (every thread) during the study phase. */
  readonly cpuSeconds: number;
  readonly json: string;
}

/** Runs the pipeline; times its study phase (from the first ask to the last tell). */
async function timedStudy(request: OptimizationRequest, evaluator: TrialEvaluator): Promise<Timed> {
  let start = 0;
  let end = 0;
  let cpuStart = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  const result = await optimize(request, evaluator, {
    onPhase: (phase) => {
      if (phase === 'studies') {
        start = performance.now();
        cpuStart = process.cpuUsage();
      }
      if (phase === 'sensitivity') {
        end = performance.now();
        cpu = process.cpuUsage(cpuStart);
      }
    },
  });
  return { seconds: (end - start) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, json: JSON.stringify(optimizationSummary(result)) };
}
