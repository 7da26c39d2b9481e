// The action of `trading optimize`: reads and validates the bar files, builds
// the request from the flags, evaluates the trials in this thread or in a pool
// of worker threads, and writes the summary, the HTML report and the trials.
import { writeFileSync } from 'node:fs';
import { LocalTrialEvaluator, type OptimizationResult, type TrialEvaluator, optimizationSummary, optimize, renderOptimizationReport, trialLines } from '@trading/optimization';
import { loadFeeds } from '../backtest.command';
import { CliError } from '../../cli-error';
import { printJson, printText } from '../../output';
import type { OptimizeFlags } from '../optimize.command';
import { type FoldProgress, foldProgress } from './fold-progress';
import { parseOptimizeFlags } from './optimize-request';
import { textSummary } from './text-summary';
import { WorkerPoolEvaluator } from './worker-pool.evaluator';

export async function runOptimize(flags: OptimizeFlags): Promise<void> {
  const parsed = parseOptimizeFlags(flags);
  const workers = parsed.workers;
  const request = { ...parsed.request, feeds: (await loadFeeds(flags.data, flags)).feeds };
  for (const [flag, path] of [['--report', flags.report], ['--trials-out', flags.trialsOut]] as const) if (path !== undefined) writeOutput(flag, path, '');
  const evaluator: TrialEvaluator & { close?(): Promise<void> } =
    workers === 1
      ? new LocalTrialEvaluator({ strategy: request.strategy, feeds: request.feeds, settings: request.settings })
      : new WorkerPoolEvaluator(workers, { strategy: request.strategy.name, feeds: request.feeds, settings: request.settings });
  let progress: FoldProgress | undefined;
  let result: OptimizationResult;
  try {
    result = await optimize(request, evaluator, {
      onStudyProgress: (fold, done, total) => {
        if (!flags.json && process.stderr.isTTY) progress ??= foldProgress(request.windows.folds, total);
        progress?.update(fold, done, total);
      },
    });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message);
    throw error;
  } finally {
    progress?.stop();
    await evaluator.close?.();
  }
  if (flags.report !== undefined) writeOutput('--report', flags.report, renderOptimizationReport(result));
  if (flags.trialsOut !== undefined) writeOutput('--trials-out', flags.trialsOut, trialLines(result).join('\n') + '\n');
  const summary = optimizationSummary(result);
  if (flags.json) printJson(summary);
  else printText(textSummary(summary));
}

function writeOutput(flag: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`${flag}: cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
