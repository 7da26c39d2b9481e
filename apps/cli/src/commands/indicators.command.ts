// `trading indicators`: computes a list of indicators over a bar file and
// writes one column per output, aligned with the bars (empty during warm-up),
// as CSV or column-oriented JSON, for notebooks and for cross-checking other
// engines. Rows the validator drops (repeats, steps back in time) are not bars.
// The action (./indicators.action) is loaded only when the command runs.
import type { Command } from 'commander';
import { indicatorDefinitions } from '@trading/indicators';
import type { IndicatorsFlags } from './indicators.action';

export function registerIndicators(program: Command): void {
  program
    .command('indicators')
    .description('compute indicators over a bar file and write one column per output (CSV or JSON)')
    .requiredOption('--data <file>', 'bar file (MT5 export, quoted tab form or plain CSV, optionally .gz)')
    .requiredOption('--ind <list>', `comma-separated specs name[:param...], e.g. rsi:14,macd:12:26:9,bbands:20:2 (${indicatorDefinitions().map((d) => d.name).join(', ')})`)
    .requiredOption('--out <path>', 'output file; .csv or .json')
    .option('--symbol <symbol>', 'instrument, e.g. EURUSD (default: from the file name)')
    .option('--tf <timeframe>', 'timeframe, e.g. M5 (default: from the file name)')
    .option('--tz <zone>', "zone of the file's timestamps: IANA name or offset like +02:00", 'UTC')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (flags: IndicatorsFlags) => (await import('./indicators.action')).indicatorsCommand(flags));
}
