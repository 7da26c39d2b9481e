// `trading bench tpe`: tsparzen's TPE (univariate and multivariate) and random
// search on Branin, Hartmann6, Rosenbrock-5 and Sphere-10 (or, with --suite
// validation, the held-out suite the defaults were chosen on), seed after seed;
// reports the median and interquartile range of the best value found and the
// sampler's time per trial (ask + suggest + tell, objective excluded). When
// python3-optuna is installed, Optuna's TPESampler runs on the same functions,
// budgets and seeds in the same run, for a side-by-side table.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { RandomSampler, type Sampler, Study, type TestFunction, TpeSampler, testFunctions, validationFunctions } from '@trading/tsparzen';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';

const PYTHON = '/usr/bin/python3';
const OPTUNA_SCRIPT = path.resolve(__dirname, '../../../../../tools/bench/optuna/tpe_side_by_side.py');

const SAMPLERS = {
  'tpe-univariate': (seed: number): Sampler => new TpeSampler({ seed }),
  'tpe-multivariate': (seed: number): Sampler => new TpeSampler({ seed, multivariate: true }),
  random: (seed: number): Sampler => new RandomSampler({ seed }),
} as const;

/**
 * The validation suite also runs multivariate TPE with Optuna's split (gamma 0.1), the evidence
 * behind the multivariate default of 0.15: one command reproduces the choice.
 */
const VALIDATION_SAMPLERS = {
  ...SAMPLERS,
  'tpe-multivariate-gamma-0.1': (seed: number): Sampler => new TpeSampler({ seed, multivariate: true, gamma: 0.1 }),
} as const;

type SamplerName = keyof typeof VALIDATION_SAMPLERS | 'optuna-univariate' | 'optuna-multivariate';

/** The benchmark's four functions, or the held-out suite the defaults were chosen on. */
const SUITES: Record<string, { functions: readonly TestFunction[]; samplers: Record<string, (seed: number) => Sampler> }> = {
  benchmark: { functions: testFunctions, samplers: SAMPLERS },
  validation: { functions: validationFunctions, samplers: VALIDATION_SAMPLERS },
};

interface Run {
  readonly function: string;
  readonly sampler: SamplerName;
  readonly seed: number;
  readonly best: number;
  readonly msPerTrial: number;
}

export interface TpeBenchResult {
  readonly function: string;
  readonly sampler: SamplerName;
  readonly medianBest: number;
  readonly iqr: readonly [number, number];
  readonly msPerTrial: number;
}

interface TpeBenchOptions {
  readonly json?: boolean;
  readonly trials: string;
  readonly seeds: string;
  readonly peers: boolean;
  readonly functions?: string;
  readonly suite: string;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new CliError(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

function runOne(fn: TestFunction, sampler: Sampler, trials: number): { best: number; samplerMs: number } {
  const study = new Study({ direction: 'minimize', sampler });
  let samplerMs = 0;
  for (let t = 0; t < trials; t++) {
    const started = performance.now();
    const trial = study.ask();
    const x = fn.bounds.map(([low, high], i) => trial.suggestFloat(`x${i}`, low, high));
    const asked = performance.now();
    const value = fn.evaluate(x);
    const evaluated = performance.now();
    study.tell(trial, value);
    samplerMs += asked - started + (performance.now() - evaluated);
  }
  return { best: study.bestValue, samplerMs };
}

/** Quantile with linear interpolation between order statistics (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function summarise(runs: readonly Run[]): TpeBenchResult[] {
  const groups = new Map<string, Run[]>();
  for (const run of runs) {
    const key = `${run.function}\u0000${run.sampler}`;
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()].map((group) => {
    const bests = group.map((r) => r.best).sort((a, b) => a - b);
    return {
      function: group[0].function,
      sampler: group[0].sampler,
      medianBest: quantile(bests, 0.5),
      iqr: [quantile(bests, 0.25), quantile(bests, 0.75)] as const,
      msPerTrial: group.reduce((sum, r) => sum + r.msPerTrial, 0) / group.length,
    };
  });
}

function optunaVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

function runOptuna(fn: TestFunction, trials: number, seeds: number): Promise<Run[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [OPTUNA_SCRIPT, '--trials', String(trials), '--seeds', String(seeds), '--functions', fn.name], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the Optuna side-by-side script exited with code ${code}`));
      try {
        resolve((JSON.parse(stdout) as { runs: Run[] }).runs);
      } catch (error) {
        reject(new Error(`the Optuna side-by-side script printed invalid JSON: ${(error as Error).message}`));
      }
    });
  });
}

function table(results: readonly TpeBenchResult[]): string {
  const lines = [`${'function'.padEnd(18)}${'sampler'.padEnd(28)}${'median best'.padEnd(17)}${'IQR'.padEnd(29)}ms/trial`];
  for (const r of results) {
    const iqr = `[${r.iqr[0].toPrecision(5)}, ${r.iqr[1].toPrecision(5)}]`;
    lines.push(`${r.function.padEnd(18)}${r.sampler.padEnd(28)}${r.medianBest.toPrecision(6).padEnd(17)}${iqr.padEnd(29)}${r.msPerTrial.toFixed(3)}`);
  }
  return lines.join('\n');
}

async function benchTpe(options: TpeBenchOptions): Promise<void> {
  const trials = positiveInteger('--trials', options.trials);
  const seeds = positiveInteger('--seeds', options.seeds);
  const suite = Object.hasOwn(SUITES, options.suite) ? SUITES[options.suite] : undefined;
  if (suite === undefined) throw new CliError(`--suite must be one of ${Object.keys(SUITES).join(', ')}, got "${options.suite}"`);
  let functions = suite.functions;
  if (options.functions !== undefined) {
    const names = options.functions.split(',').map((n) => n.trim());
    const unknown = names.filter((n) => !suite.functions.some((f) => f.name === n));
    if (unknown.length > 0) {
      throw new CliError(`--functions: unknown function ${unknown.join(', ')} in the ${options.suite} suite (known: ${suite.functions.map((f) => f.name).join(', ')})`);
    }
    functions = suite.functions.filter((f) => names.includes(f.name));
  }
  let peers: Record<string, string>;
  let withOptuna = false;
  if (!options.peers) {
    peers = { optuna: 'skipped (--no-peers)' };
  } else {
    const version = optunaVersion();
    withOptuna = version !== null;
    peers = { optuna: version ?? `skipped: optuna is not importable from ${PYTHON} (apt-get install -y python3-optuna)` };
    if (version === null) logLine(`note: ${peers.optuna}`);
  }
  const runs: Run[] = [];
  // Untimed studies first, so the JIT's compile time is not billed to the first function measured.
  for (const make of Object.values(suite.samplers)) for (const fn of testFunctions) runOne(fn, make(-1), trials);
  // Function by function, tsparzen then Optuna, so both are timed under the same machine load.
  for (const fn of functions) {
    for (const [sampler, make] of Object.entries(suite.samplers) as [SamplerName, (seed: number) => Sampler][]) {
      for (let seed = 0; seed < seeds; seed++) {
        const { best, samplerMs } = runOne(fn, make(seed), trials);
        runs.push({ function: fn.name, sampler, seed, best, msPerTrial: samplerMs / trials });
      }
      logLine(`tsparzen ${fn.name} ${sampler}: ${seeds} seeds done`);
    }
    if (withOptuna) runs.push(...(await runOptuna(fn, trials, seeds)));
  }
  const order = (r: TpeBenchResult): number => functions.findIndex((f) => f.name === r.function);
  const results = summarise(runs).sort((a, b) => order(a) - order(b));
  if (options.json) printJson({ suite: options.suite, trials, seeds, peers, results });
  else printText(`${table(results)}\n(${options.suite} suite, ${trials} trials, ${seeds} seeds; optuna: ${peers.optuna})`);
}

export const registerTpeBench = (bench: Command): void => {
  bench
    .command('tpe')
    .option('--json', 'print JSON only')
    .option('--trials <n>', 'trials per study', '100')
    .option('--seeds <n>', 'seeds per function and sampler', '30')
    .option('--no-peers', 'skip the Optuna side-by-side run')
    .option('--suite <name>', 'benchmark (branin, hartmann6, rosenbrock, sphere) or validation (the held-out suite the defaults were chosen on)', 'benchmark')
    .option('--functions <names>', "comma-separated subset of the suite's functions")
    .action((options: TpeBenchOptions) => benchTpe(options));
};
