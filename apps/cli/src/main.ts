// The `trading` command line: one binary over the project's libraries. Each
// command lives in its own file under ./commands and registers itself here;
// only the command being run is loaded (see ./commands/index.ts).
//
// Exit codes: 0 success; 2 the user's input is wrong (a flag, a file, an
// environment variable), printed as one line naming it; 1 the run failed for
// another reason (a server a variable names cannot be used, findings the
// command was asked to fail on, or a bug, which alone prints a stack trace).
import { Command, CommanderError } from 'commander';
import { ConfigError, InfrastructureError } from '@trading/config';
import { commandRegistrationsFor } from './commands';
import { CliError } from './cli-error';

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('trading')
    .description('FX trading system: data, backtests, services and benchmarks')
    .exitOverride()
    .configureOutput({
      // Help and errors go to stderr so `--json` output on stdout stays pure JSON.
      writeOut: (text) => process.stderr.write(text),
      writeErr: (text) => process.stderr.write(text),
      // Commander's "error: …\n(Did you mean …?)" becomes one line, like every other error.
      outputError: (text, write) => write(`trading: ${oneLine(text.replace(/^error: /, ''))}\n`),
    });
  try {
    const args = argv.slice(2);
    for (const register of await commandRegistrationsFor(args)) await register(program, args);
    await program.parseAsync(argv as string[], { from: 'node' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Help and --version exit 0; every other parse error (unknown flag or
    // command, missing value or argument) is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`trading: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`trading: ${error.issues.map((issue) => `${issue.variable}: ${issue.problem}`).join('; ')}\n`);
      return 2;
    }
    if (error instanceof InfrastructureError) {
      process.stderr.write(`trading: ${oneLine(error.message)}\n`);
      return 1;
    }
    process.stderr.write(`trading: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

function oneLine(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`trading: internal error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
