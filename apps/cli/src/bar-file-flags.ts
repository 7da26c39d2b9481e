// The flags every command that reads a bar file shares (--symbol, --tf, --tz),
// checked before the file is read so a typo is one line naming the flag.
import { parseTimeZone } from '@trading/data-sources/files';
import { parseTimeframe } from '@trading/domain';
import { CliError } from './cli-error';

export interface BarFileFlags {
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
}

export function checkBarFileFlags(flags: BarFileFlags): void {
  if (flags.tf !== undefined) {
    try {
      parseTimeframe(flags.tf);
    } catch (error) {
      throw new CliError(`--tf: ${(error as Error).message}`);
    }
  }
  if (flags.symbol !== undefined && !/^[A-Za-z]{6}$/.test(flags.symbol)) {
    throw new CliError(`--symbol: "${flags.symbol}" is not an FX symbol (six letters, e.g. EURUSD)`);
  }
  // The library reads an empty zone as UTC (an unset variable); on a command line it is a mistake.
  if (flags.tz !== undefined && flags.tz.trim() === '') throw new CliError('--tz: empty (expected an IANA name like Europe/Athens or an offset like +02:00; UTC is the default)');
  try {
    parseTimeZone(flags.tz);
  } catch (error) {
    throw new CliError(`--tz: ${(error as Error).message}`);
  }
}
