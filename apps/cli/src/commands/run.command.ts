// `trading run`: the whole system in one process. Embedded by default (no
// infrastructure); the real RabbitMQ, Postgres and Redis when AMQP_URL,
// DATABASE_URL and REDIS_URL are set. The action (./run.action) is loaded
// only when the command runs.
import type { Command } from 'commander';
import type { RunFlags } from '../run/run-options';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the system in one process: replay bar files through every service')
    .option('--data <file...>', 'bar files to replay (default: the vendored sample in data/)')
    .option('--symbol <symbol>', 'symbol of the files (default: from each file name)')
    .option('--tf <timeframe>', 'timeframe of the files (default: from each file name)')
    .option('--tz <zone>', "zone of the files' timestamps (IANA name or ±HH:MM)", 'UTC')
    .option('--speed <speed>', '"max" (as fast as the bus confirms) or market seconds per real second, e.g. 3600', 'max')
    .option('--seed <n>', 'seed of message ids and every random choice', '1')
    .option('--until-end', 'stop when the replay ends and print the summary')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (flags: RunFlags) => (await import('./run.action')).runCommand(flags));
}
