// `trading bench <name>`: benchmarks that print JSON. Each benchmark is its own
// file under ./bench and is listed in ./bench/index.ts.
import type { Command } from 'commander';
import { benchRegistrationsFor } from './bench';

export async function registerBench(program: Command, args: readonly string[]): Promise<void> {
  const bench = program.command('bench').description('benchmarks (print JSON with --json; never run as timed tests)');
  const afterBench = args.slice(args.indexOf('bench') + 1);
  for (const register of await benchRegistrationsFor(afterBench)) register(bench);
}
