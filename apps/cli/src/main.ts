// The `trading` command line: one binary over the project's libraries. Each
// command lives in its own file under ./commands and registers itself here.
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { commandRegistrationsFor } from './commands';
import { CliError } from './cli-error';

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('trading')
    .description('FX trading system: data, backtests, services and benchmarks')
    .showHelpAfterError()
    .exitOverride();
  // Help and errors go to stderr so `--json` output on stdout stays pure JSON.
  program.configureOutput({ writeOut: (text) => process.stderr.write(text), writeErr: (text) => process.stderr.write(text) });
  try {
    const args = argv.slice(2);
    for (const register of await commandRegistrationsFor(args)) await register(program, args);
    await program.parseAsync(argv as string[], { from: 'node' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`trading: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`trading: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`trading: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
