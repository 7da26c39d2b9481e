// The action of `trading run` (see ./run.command): checks the flags and reads
// the files first, then loads and boots the system on the chosen
// infrastructure, replays, prints the summary, and stops on SIGINT/SIGTERM.
import { logLine, printJson, printText } from '../output';
import { whenOrphaned } from '../parent-watch';
import { liveSeriesOf } from '../run/live-run';
import { checkProcessesEnvironment, checkProcessesFeeds, loadRunEnvironment, loadRunFeeds, parseRunOptions, type RunFlags, strategiesForFeeds, strategiesForTimeframes } from '../run/run-options';
import type { ChainTally } from '../run/chain-monitor';
import type { RunSummary } from '../run/system-run';

export async function runCommand(flags: RunFlags): Promise<void> {
  const options = parseRunOptions(flags);
  const environment = loadRunEnvironment();
  checkProcessesEnvironment(options, environment);
  // A live run reads nothing up front: market-data follows the files and series, and stores their history itself.
  const live = options.live === undefined ? undefined : liveSeriesOf(options.files, options.live);
  const feeds = live === undefined ? await loadRunFeeds(options) : [];
  checkProcessesFeeds(options, feeds);
  const runs = live === undefined ? strategiesForFeeds(options, feeds) : strategiesForTimeframes(options, live.map((series) => series.timeframe));
  // NestJS, TypeORM and the bus load only once the input is known to be good.
  const { runSystem } = await import('../run/system-run');
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
  const endWatch = whenOrphaned(onSignal);
  // A live run has no end to count towards: its log lines say what it committed.
  const showProgress = !options.json && process.stderr.isTTY && live === undefined;
  try {
    const summary = await runSystem({ ...options, runs }, environment, feeds, {
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
    else if (options.untilEnd || summary.aborted || live !== undefined) {
      if (showProgress) process.stderr.write('\n');
      printText(formatSummary(summary));
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    endWatch();
  }
}

function formatSummary(summary: RunSummary): string {
  const lines = [
    `run ${summary.runId} — bus ${summary.infrastructure.bus}, database ${summary.infrastructure.database}, cache ${summary.infrastructure.cache}, speed ${summary.speed}${summary.lockstep ? ', lockstep' : ''}`,
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
  lines.push('', `findings: ${findings || 'none'}`, '', 'strategy  symbol    signals  approved  orders  fills  realised P&L  rejected by reason');
  const rejected = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ') || '-';
  const row = (strategy: string, symbol: string, tally: ChainTally): string =>
    `${strategy.padEnd(9)} ${symbol.padEnd(8)} ${String(tally.signals).padStart(8)} ${String(tally.approved).padStart(9)} ${String(tally.orders).padStart(7)} ${String(tally.fills).padStart(6)} ${Number(tally.realisedPnl).toFixed(2).padStart(13)}  ${rejected(tally.rejected)}`;
  for (const [strategy, tally] of Object.entries(summary.strategies)) {
    for (const [symbol, bySymbol] of Object.entries(tally.symbols)) lines.push(row(strategy, symbol, bySymbol));
    lines.push(row(strategy, 'all', tally));
  }
  if (Object.keys(summary.strategies).length === 0) lines.push('(no signal)');
  const portfolio = summary.portfolio;
  lines.push(
    '',
    `portfolio: equity ${portfolio.equity}, cash ${portfolio.finalEquity}, ${portfolio.openPositions} open position${portfolio.openPositions === 1 ? '' : 's'}, trading ${portfolio.state}`,
    `${summary.durationMs} ms, ${summary.barsPerSecond} bars/s${summary.aborted ? ' (stopped early)' : ''}${summary.decisions === undefined ? '' : `, ${summary.decisions} decision-log lines written`}`,
  );
  return lines.join('\n');
}
