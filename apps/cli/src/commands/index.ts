// Every command of the `trading` binary, in the order `--help` lists them.
// A command's file is loaded only when it is the command being run (or asked
// about with `trading help <command>`); the list of commands that `trading
// --help` prints comes from this table alone, so it loads no command at all.
import { type Command, Help } from 'commander';

/** Adds a command to the program; `args` are the arguments after the binary (for commands with lazy subcommands). */
export type CommandRegistration = (program: Command, args: readonly string[]) => void | Promise<void>;

interface CommandEntry {
  /** How the command is called, as the program's help lists it. */
  readonly usage: string;
  readonly summary: string;
  readonly load: () => Promise<CommandRegistration>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    usage: 'run [options]',
    summary: 'run the system in one process: replay bar files through every service',
    load: async () => (await import('./run.command')).registerRun,
  },
  serve: {
    usage: 'serve <service>',
    summary: 'run one service against AMQP_URL, DATABASE_URL, REDIS_URL (services: market-data)',
    load: async () => (await import('./serve.command')).registerServe,
  },
  import: {
    usage: 'import [options] <file>',
    summary: 'validate a bar file and upsert it into the OHLCV store (DATABASE_URL, or the embedded database)',
    load: async () => (await import('./import.command')).registerImport,
  },
  data: {
    usage: 'data check [options] <file>',
    summary: 'validate a bar file and report what is wrong with it',
    load: async () => (await import('./data-check.command')).registerDataCheck,
  },
  indicators: {
    usage: 'indicators [options]',
    summary: 'compute indicators over a bar file and write one column per output (CSV or JSON)',
    load: async () => (await import('./indicators.command')).registerIndicators,
  },
  backtest: {
    usage: 'backtest [options]',
    summary: 'run a strategy over bar files with the event-driven backtest kernel',
    load: async () => (await import('./backtest.command')).registerBacktest,
  },
  optimize: {
    usage: 'optimize [options]',
    summary: 'walk-forward optimisation: TPE per train window, stitched out-of-sample record, Monte Carlo, Deflated Sharpe and PBO',
    load: async () => (await import('./optimize.command')).registerOptimize,
  },
  ml: {
    usage: 'ml <features|train|evaluate> [options]',
    summary: 'machine learning: features and labels, gradient-boosted trees exported to ONNX, evaluation',
    load: async () => (await import('./ml.command')).registerMl,
  },
  'check-bias': {
    usage: 'check-bias [options]',
    summary: 'look-ahead check: recompute signals on data truncated at the signal bar and report any that change',
    load: async () => (await import('./check-bias.command')).registerCheckBias,
  },
  bench: {
    usage: 'bench <name>',
    summary: 'benchmarks (print JSON with --json; never run as timed tests)',
    load: async () => (await import('./bench.command')).registerBench,
  },
};

/**
 * The registrations needed for `args` (the arguments after the binary): the
 * named command (also for `help <command>`), or, for the program's own help
 * and unknown commands, a line per command from the table.
 */
export async function commandRegistrationsFor(args: readonly string[]): Promise<CommandRegistration[]> {
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  const entry = name === undefined ? undefined : COMMANDS[name];
  if (entry) {
    const register = await entry.load();
    return [
      async (program, all) => {
        await register(program, all);
        const command = program.commands.find((candidate) => candidate.name() === name);
        if (command && !command.description()) command.description(entry.summary);
      },
    ];
  }
  return [
    (program) => {
      for (const [commandName, { summary }] of Object.entries(COMMANDS)) program.command(commandName).description(summary);
      const help = new Help();
      program.configureHelp({ subcommandTerm: (command) => COMMANDS[command.name()]?.usage ?? help.subcommandTerm(command) });
    },
  ];
}
