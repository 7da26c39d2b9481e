// `trading run`: the whole system in one process. Embedded by default (no
// infrastructure); the real RabbitMQ, Postgres and Redis when AMQP_URL,
// DATABASE_URL and REDIS_URL are set. The action (./run.action) is loaded
// only when the command runs.
import type { Command } from 'commander';
import { addExecutionOptions } from '../execution-flags';
import type { RunFlags } from '../run/run-options';

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run the system in one process: replay bar files through market-data, the strategy services, risk and order-execution (paper venue)')
    .option('--data <file...>', 'bar files to replay (default: the vendored sample in data/)')
    .option('--symbol <symbol>', 'symbol of the files (default: from each file name)')
    .option('--tf <timeframe>', 'timeframe of the files (default: from each file name)')
    .option('--tz <zone>', "zone of the files' timestamps (IANA name or ±HH:MM)", 'UTC')
    .option('--speed <speed>', '"max" (as fast as the bus confirms, the default) or market seconds per real second, e.g. 3600')
    .option('--seed <n>', 'seed of message ids and every random choice', '1')
    .option('--until-end', 'stop when the replay ends and print the summary')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--strategies <names>', 'strategy services to run, separated by commas (default: scalping,intraday,swing, those the files have a timeframe for)')
    .option('--params <json>', 'strategy parameters as JSON, one object per strategy name, e.g. {"scalping":{"rsiPeriod":9}}')
    .option('--risk <limits.json>', "the risk service's limits (default: the engine's defaults; see libs/risk-engine/README.md)")
    .option('--events <file.jsonl>', "a person's commands at set times (kill switch, resume), one JSON object per line")
    .option('--decisions <file>', "write risk's decision log (JSON lines) here")
    .option('--lockstep', "release each bar only once everything it caused was handled, and close out at the end: the decision log equals trading backtest's")
    .option('--live', 'trade live on the paper venue: follow the --data files as they grow and poll the --series from MARKET_DATA_SOURCES, publishing each bar once it has closed, until interrupted')
    .option('--series <pairs>', 'with --live: SYMBOL:TIMEFRAME pairs to poll from the remote sources, e.g. EURUSD:H1,GBPUSD:H1')
    .option('--processes', 'run order-execution, risk and each strategy service as a child process (trading serve <name>); needs AMQP_URL and DATABASE_URL, and files of one timeframe');
  addExecutionOptions(command)
    .action(async (flags: RunFlags) => (await import('./run.action')).runCommand(flags));
}
