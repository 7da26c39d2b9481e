// `trading bench startup`: how long a user waits for the CLI. Medians of whole
// processes, as a shell starts them: `trading --help`, `trading backtest
// --strategy sma-crossover` on the vendored 45,779-bar EURUSD H1 file, and bare
// `node -e 0` as the floor every Node program pays. `backtestLoadMs` is the same
// backtest pointed at a missing file: everything it loads, none of its work, so
// the H1 figure can be split into start-up and the backtest itself. With --against <checkout>
// the binary of another checkout (say, the commit before a change) runs in the
// same rounds on the same file, so the two are compared under the same load.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { vendoredData } from '../../vendored-data';
import { wholeNumberFlag } from '../../whole-number-flag';
import { lowerMedian, roundTo } from './bench-stats';

const CHECKOUT = resolve(__dirname, '..', '..', '..', '..', '..');
const H1_FILE = vendoredData.eurusdH1;
/** The goals of the issue that asked for a fast start: multiples of bare node. */
const GOALS = { helpRatio: 3, backtestH1Ratio: 5 } as const;

interface StartupBenchFlags {
  readonly runs: string;
  readonly against?: string;
  readonly json?: boolean;
}

interface ProcessCase {
  readonly name: string;
  readonly args: readonly string[];
  /** The exit code a correct run ends with (2 for the deliberate input error). */
  readonly exitCode: number;
  readonly times: number[];
}

export function registerStartupBench(bench: Command): void {
  bench
    .command('startup')
    .option('--runs <n>', 'timed runs of each process (after one warm-up run each)', '15')
    .option('--against <checkout>', 'also time the `trading` binary of another checkout in the same rounds')
    .option('--json', 'print the result as JSON on stdout')
    .action((flags: StartupBenchFlags) => {
      const runs = wholeNumberFlag(flags.runs, '--runs', 1);
      if (!existsSync(H1_FILE)) throw new CliError(`the vendored H1 file is missing: ${H1_FILE}`);
      const cases = [
        processCase('node', ['-e', '0']),
        ...binaryCases('', join(CHECKOUT, 'apps', 'cli', 'bin', 'trading.js')),
        ...(flags.against === undefined ? [] : binaryCases('against.', againstBinary(flags.against))),
      ];
      logLine(`bench startup: ${runs} rounds of ${cases.map((c) => c.name).join(', ')}`);
      for (const each of cases) timeOnce(each); // warm-up: compile cache and page cache filled
      for (let round = 0; round < runs; round++) {
        // Rotate the order each round so no case always runs right after the same other one.
        for (let k = 0; k < cases.length; k++) cases[(round + k) % cases.length].times.push(timeOnce(cases[(round + k) % cases.length]));
      }
      const median = (name: string): number => roundTo(lowerMedian(cases.find((c) => c.name === name)?.times ?? []), 1);
      const nodeBaselineMs = median('node');
      const helpMs = median('help');
      const backtestH1Ms = median('backtestH1');
      const backtestLoadMs = median('backtestLoad');
      const result = {
        helpMs,
        backtestH1Ms,
        nodeBaselineMs,
        backtestLoadMs,
        helpRatio: roundTo(helpMs / nodeBaselineMs, 2),
        backtestH1Ratio: roundTo(backtestH1Ms / nodeBaselineMs, 2),
        goals: GOALS,
        runs,
        ...(flags.against === undefined
          ? {}
          : { against: { checkout: resolve(flags.against), helpMs: median('against.help'), backtestH1Ms: median('against.backtestH1'), backtestLoadMs: median('against.backtestLoad') } }),
      };
      if (flags.json) {
        printJson(result);
        return;
      }
      printText(
        [
          `node -e 0            ${nodeBaselineMs} ms`,
          `trading --help       ${helpMs} ms (${result.helpRatio}x node; goal <= ${GOALS.helpRatio}x)`,
          `trading backtest H1  ${backtestH1Ms} ms (${result.backtestH1Ratio}x node; goal <= ${GOALS.backtestH1Ratio}x), of which loading ${backtestLoadMs} ms`,
          ...(result.against ? [`${result.against.checkout}: --help ${result.against.helpMs} ms, backtest H1 ${result.against.backtestH1Ms} ms, loading ${result.against.backtestLoadMs} ms`] : []),
        ].join('\n'),
      );
    });
}

function processCase(name: string, args: readonly string[], exitCode = 0): ProcessCase {
  return { name, args, exitCode, times: [] };
}

function binaryCases(prefix: string, binary: string): ProcessCase[] {
  const missing = join(dirname(H1_FILE), 'EURUSD_H1_missing-for-the-startup-benchmark.csv');
  return [
    processCase(`${prefix}help`, [binary, '--help']),
    processCase(`${prefix}backtestH1`, [binary, 'backtest', '--strategy', 'sma-crossover', '--data', H1_FILE, '--json']),
    processCase(`${prefix}backtestLoad`, [binary, 'backtest', '--strategy', 'sma-crossover', '--data', missing, '--json'], 2),
  ];
}

function againstBinary(checkout: string): string {
  const binary = join(resolve(checkout), 'apps', 'cli', 'bin', 'trading.js');
  if (!existsSync(binary)) throw new CliError(`--against: no apps/cli/bin/trading.js in ${resolve(checkout)}`);
  return binary;
}

/** Wall time of one whole process, from spawn to exit; a failed run fails the benchmark rather than timing an error path. */
function timeOnce(each: ProcessCase): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, each.args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 120_000 });
  const elapsed = performance.now() - started;
  if (result.status !== each.exitCode) {
    const lastLine = (result.stderr ?? '').trim().split('\n').pop() ?? '';
    throw new CliError(`bench startup: ${each.name} exited ${result.status ?? result.signal}: ${lastLine}`, 1);
  }
  return elapsed;
}
