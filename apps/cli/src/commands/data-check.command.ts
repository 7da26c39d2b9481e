// `trading data check <file>`: imports a bar file, validates it and prints the
// report (findings per kind, the policy applied, rows dropped or rejected).
// Exit code 1 when rows were dropped or rejected (unless --allow-findings) or
// no bar passed, so a script or CI step can gate on a file. The action (./data-check.action) is loaded only when the command runs.
import type { Command } from 'commander';
import type { DataCheckFlags } from './data-check.action';

export function registerDataCheck(program: Command): void {
  // Other `data` subcommands may have created the group already.
  const data = program.commands.find((command) => command.name() === 'data') ?? program.command('data').description('market data files');
  data
    .command('check')
    .description('validate a bar file (MT5 export, quoted tab form or plain CSV, optionally .gz) and report what is wrong with it')
    .argument('<file>', 'bar file to check')
    .option('--symbol <symbol>', 'instrument, e.g. EURUSD (default: from the file name)')
    .option('--tf <timeframe>', 'timeframe, e.g. M5 (default: from the file name)')
    .option('--tz <zone>', "zone of the file's timestamps: IANA name or offset like +02:00", 'UTC')
    .option('--show <count>', 'findings listed per kind in the text report', '10')
    .option('--allow-findings', 'exit 0 even when rows were dropped or rejected (the report still lists them)')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (file: string, flags: DataCheckFlags) => (await import('./data-check.action')).dataCheckCommand(file, flags));
}
