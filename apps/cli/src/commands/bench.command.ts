// `trading bench <name>`: benchmarks that print JSON. Each benchmark is its own
// file under ./bench and is listed in ./bench/index.ts.
import type { Command } from 'commander';
import { benchRegistrations } from './bench';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('benchmarks (print JSON with --json; never run as timed tests)');
  for (const register of benchRegistrations) register(bench);
}
