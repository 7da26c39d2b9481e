import { Command } from 'commander';
import { registerTpeBench } from './tpe.bench';

async function runBench(args: string[]): Promise<string> {
  const program = new Command('trading').exitOverride();
  registerTpeBench(program.command('bench'));
  const written: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['bench', 'tpe', ...args], { from: 'user' });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return written.join('');
}

describe('trading bench tpe', () => {
  it('prints one JSON document with a result per function and sampler', async () => {
    const output = await runBench(['--json', '--trials', '20', '--seeds', '3', '--no-peers', '--functions', 'branin,sphere']);
    const parsed = JSON.parse(output) as { peers: { optuna: string }; results: { function: string; sampler: string; medianBest: number; iqr: number[]; msPerTrial: number }[] };
    expect(parsed.peers.optuna).toBe('skipped (--no-peers)');
    expect(parsed.results.map((r) => `${r.function}/${r.sampler}`)).toEqual([
      'branin/tpe-univariate',
      'branin/tpe-multivariate',
      'branin/random',
      'sphere/tpe-univariate',
      'sphere/tpe-multivariate',
      'sphere/random',
    ]);
    for (const result of parsed.results) {
      expect(result.iqr[0]).toBeLessThanOrEqual(result.medianBest);
      expect(result.medianBest).toBeLessThanOrEqual(result.iqr[1]);
      expect(result.msPerTrial).toBeGreaterThan(0);
    }
    // Branin's minimum is 0.3979; no sampler can report less.
    expect(Math.min(...parsed.results.filter((r) => r.function === 'branin').map((r) => r.iqr[0]))).toBeGreaterThan(0.3978);
  });

  it('runs the held-out validation suite with Optuna-split multivariate TPE beside the defaults', async () => {
    const output = await runBench(['--json', '--suite', 'validation', '--trials', '15', '--seeds', '2', '--no-peers', '--functions', 'hartmann3']);
    const parsed = JSON.parse(output) as { suite: string; results: { function: string; sampler: string; medianBest: number }[] };
    expect(parsed.suite).toBe('validation');
    expect(parsed.results.map((r) => r.sampler)).toEqual(['tpe-univariate', 'tpe-multivariate', 'random', 'tpe-multivariate-gamma-0.1']);
    // Hartmann3's minimum is -3.8628.
    for (const result of parsed.results) expect(result.medianBest).toBeGreaterThan(-3.8628);
  });

  it('names the suite and the known functions when --suite or --functions is wrong', async () => {
    await expect(runBench(['--suite', 'cec2017', '--no-peers'])).rejects.toThrow('--suite must be one of benchmark, validation, got "cec2017"');
    await expect(runBench(['--suite', 'constructor', '--no-peers'])).rejects.toThrow('--suite must be one of benchmark, validation, got "constructor"');
    await expect(runBench(['--suite', 'validation', '--functions', 'branin', '--no-peers'])).rejects.toThrow(
      '--functions: unknown function branin in the validation suite (known: ackley5,',
    );
  });

  it('rejects a non-numeric --seeds with the flag named', async () => {
    await expect(runBench(['--seeds', 'many', '--no-peers'])).rejects.toThrow('--seeds must be a positive integer, got "many"');
  });
});
