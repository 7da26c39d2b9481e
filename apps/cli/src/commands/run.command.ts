// `trading run`: the whole system in one process. Embedded by default (no
// infrastructure); the real RabbitMQ, Postgres and Redis when AMQP_URL,
// DATABASE_URL and REDIS_URL are set.
import type { Command } from 'commander';
import { printJson, printText, logLine } from '../output';
import { parseRunOptions, type RunFlags } from '../run/run-options';
import { runSystem, type RunSummary } from '../run/system-run';

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
    .action(async (flags: RunFlags) => {
      const options = parseRunOptions(flags);
      const controller = new AbortController();
      let stop!: () => void;
      const stopRequested = new Promise<void>((resolve) => (stop = resolve));
      const onSignal = (): void => {
        logLine('trading run: stopping (draining in-flight messages)…');
        controller.abort();
        stop();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const showProgress = !options.json && process.stderr.isTTY;
      try {
        const summary = await runSystem(options, {
          signal: controller.signal,
          stopRequested,
          progress: showProgress ? (consumed, expected) => process.stderr.write(`\r  bars consumed ${consumed}/${expected}   `) : undefined,
          replayFinished: (soFar) => {
            if (showProgress) process.stderr.write('\n');
            if (!options.json) printText(formatSummary(soFar));
            logLine('replay finished; the system keeps running until interrupted (Ctrl-C)');
          },
        });
        if (options.json) printJson(summary);
        else if (options.untilEnd || summary.aborted) {
          if (showProgress) process.stderr.write('\n');
          printText(formatSummary(summary));
        }
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });
}

function formatSummary(summary: RunSummary): string {
  const lines = [
    `run ${summary.runId} — bus ${summary.infrastructure.bus}, database ${summary.infrastructure.database}, cache ${summary.infrastructure.cache}, speed ${summary.speed}`,
    '',
    'symbol      read  rejected  published  consumed  findings',
  ];
  for (const [symbol, entry] of Object.entries(summary.symbols)) {
    lines.push(
      `${symbol.padEnd(8)} ${String(entry.read).padStart(7)} ${String(entry.rejected).padStart(9)} ${String(entry.published).padStart(10)} ${String(entry.consumed).padStart(9)} ${String(entry.findings).padStart(9)}`,
    );
  }
  const findings = Object.entries(summary.findings)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  lines.push('', `findings: ${findings || 'none'}`, `${summary.durationMs} ms, ${summary.barsPerSecond} bars/s${summary.aborted ? ' (stopped early)' : ''}`);
  return lines.join('\n');
}
