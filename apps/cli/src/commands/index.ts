// Every command of the `trading` binary, in the order `--help` lists them.
// Each is loaded only when it is the command being run (or for the full
// `--help`), so a command does not pay for the libraries of the others
// (NestJS, TypeORM, amqplib, …) at start-up.
import type { Command } from 'commander';

/** Adds a command to the program; `args` are the arguments after the binary (for commands with lazy subcommands). */
export type CommandRegistration = (program: Command, args: readonly string[]) => void | Promise<void>;

const COMMANDS: Readonly<Record<string, () => Promise<CommandRegistration>>> = {
  run: async () => (await import('./run.command')).registerRun,
  serve: async () => (await import('./serve.command')).registerServe,
  import: async () => (await import('./import.command')).registerImport,
  data: async () => (await import('./data-check.command')).registerDataCheck,
  indicators: async () => (await import('./indicators.command')).registerIndicators,
  backtest: async () => (await import('./backtest.command')).registerBacktest,
  'check-bias': async () => (await import('./check-bias.command')).registerCheckBias,
  bench: async () => (await import('./bench.command')).registerBench,
  ml: async () => (await import('./ml.command')).registerMl,
};

/** The registrations needed for `args` (the arguments after the binary): the named command, or all of them. */
export async function commandRegistrationsFor(args: readonly string[]): Promise<CommandRegistration[]> {
  const name = args.find((arg) => !arg.startsWith('-'));
  const load = name === undefined ? undefined : COMMANDS[name];
  if (load) return [await load()];
  return Promise.all(Object.values(COMMANDS).map((loadOne) => loadOne()));
}
