// `trading import <file>`: loads a bar file into the OHLCV store (DATABASE_URL,
// or the embedded database in EMBEDDED_DATABASE_DIR) after validation, with a
// progress bar on a terminal and a summary at the end. The action
// (./import.action) is loaded only when the command runs.
import type { Command } from 'commander';
import type { ImportFlags } from './import.action';

export const DEFAULT_BATCH = 5000;

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('validate a bar file and upsert it into the OHLCV store (DATABASE_URL, or the embedded database)')
    .argument('<file>', 'bar file (MT5 export, quoted tab form, or time,open,high,low,close,volume[,spread] CSV; .gz accepted)')
    .option('--symbol <symbol>', 'symbol (default: from the file name)')
    .option('--tf <timeframe>', 'timeframe (default: from the file name)')
    .option('--tz <zone>', "zone of the file's timestamps (IANA name or ±HH:MM)", 'UTC')
    .option('--batch <rows>', 'rows per upsert statement', String(DEFAULT_BATCH))
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (file: string, flags: ImportFlags) => (await import('./import.action')).importCommand(file, flags));
}
