// `trading check-bias`: the look-ahead check. Replays a strategy on the whole
// file and on the file truncated at signal bars (all of them, or a seeded
// sample of at most --samples on long files, plus as many bars without a
// signal) and fails, exit code 1, listing each bar whose signal changes,
// vanishes or appears when the future is cut off. The action
// (./check-bias.action) is loaded only when the command runs.
import type { Command } from 'commander';
import { strategyDefinitions } from '@trading/strategies';
import type { CheckBiasFlags } from './check-bias.action';

export function registerCheckBias(program: Command): void {
  program
    .command('check-bias')
    .description('look-ahead check: recompute signals on data truncated at the signal bar and report any that change')
    .requiredOption('--strategy <name>', `strategy (${strategyDefinitions().map((d) => d.name).join(', ')})`)
    .requiredOption('--data <file>', 'bar file')
    .option('--symbol <symbol>', 'instrument (default: from the file name)')
    .option('--tf <timeframe>', "the data's timeframe (default: from the file name)")
    .option('--tz <zone>', "zone of the file's timestamps", 'UTC')
    .option('--params <json>', 'strategy parameters as JSON')
    .option('--samples <n>', 'most signal bars to cut at on long files (seeded sample)', '200')
    .option('--seed <n>', 'seed of the sample', '1')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: CheckBiasFlags) => (await import('./check-bias.action')).checkBiasCommand(flags));
}
