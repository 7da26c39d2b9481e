// `trading backtest`: runs a strategy over bar files through the backtest
// kernel and prints a summary (JSON with --json). Files go through the
// importer's validator first (repeats and backward rows dropped); the summary
// says how many rows were dropped and states every fill-model assumption.
// With --risk <limits.json> every signal is sized and checked by the risk
// engine, and the summary and report gain a risk section.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type BacktestResult, renderHtmlReport, runBacktest } from '@trading/backtest';
import { type BarFileImport, importBarFile } from '@trading/data-sources';
import { type BarColumns, type DecisionRecord, type DecisionSink, decisionLine } from '@trading/domain';
import { FixedFractionalPolicy, FixedSizePolicy, type RiskLimits, RiskEnginePolicy, type RiskSummary, type SizingPolicy } from '@trading/risk-engine';
import { readRiskLimits } from './risk-limits-file';
import { strategyDefinitions } from '@trading/strategies';
import { checkBarFileFlags } from '../bar-file-flags';
import { codeVersion } from '../code-version';
import { type ExecutionFlags, addExecutionOptions, parseCash, parseFillModel } from '../execution-flags';
import { readEventsFile } from '../events-file';
import { parseStrategyRuns } from '../strategy-flags';
import { CliError } from '../cli-error';
import { logLine, printJson, printText } from '../output';
import { wholeNumberFlag } from '../whole-number-flag';

interface BacktestFlags extends ExecutionFlags {
  readonly strategy: string;
  readonly data: string[];
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly params?: string;
  readonly lots?: string;
  readonly riskPerTrade?: string;
  readonly risk?: string;
  readonly seed: string;
  readonly decisions?: string;
  readonly events?: string;
  readonly report?: string;
  readonly json?: boolean;
}

export interface LoadedBars {
  readonly feeds: BarColumns[];
  readonly dropped: number;
  readonly read: number;
  /** Validator findings by kind over all files (dropped, rejected or only reported). */
  readonly findings: Record<string, number>;
}

export function registerBacktest(program: Command): void {
  const command = program
    .command('backtest')
    .description('run a strategy over bar files with the event-driven backtest kernel')
    .requiredOption('--strategy <names>', `strategy, or several sharing one account separated by commas (${strategyDefinitions().map((d) => d.name).join(', ')})`)
    .requiredOption('--data <file...>', 'bar files (one per symbol; symbol and timeframe from names like EURUSD_M5*.csv)')
    .option('--symbol <symbol>', 'instrument of a single file, e.g. EURUSD (default: from the file name)')
    .option('--tf <timeframe>', "the data's timeframe, e.g. M5 (default: from the file name)")
    .option('--tz <zone>', "zone of the files' timestamps: IANA name or offset like +02:00", 'UTC')
    .option('--params <json>', 'strategy parameters as JSON, e.g. {"rsiPeriod":9}; with several strategies one object per name, e.g. {"scalping":{"rsiPeriod":9}}');
  addExecutionOptions(command)
    .option('--lots <lots>', 'fixed size per trade in lots (default 0.1 unless --risk-per-trade or --risk)')
    .option('--risk-per-trade <fraction>', 'fixed-fractional sizing: fraction of equity risked to the stop, e.g. 0.01')
    .option('--risk <limits.json>', 'size and check every signal with the risk engine under these limits (see libs/risk-engine/README.md)')
    .option('--events <file.jsonl>', 'a person\'s commands at set times (kill switch, resume; needs --risk), one JSON object per line')
    .option('--seed <n>', 'seed of the ids of commands from --events (every other id derives from the bars)', '1')
    .option('--decisions <file>', 'write the decision log (JSON lines) here')
    .option('--report <file.html>', 'write a self-contained HTML report here')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (flags: BacktestFlags) => {
      const strategies = parseStrategyRuns(flags.strategy, flags.params);
      const fill = parseFillModel(flags);
      const initialCash = parseCash(flags.cash, flags.currency);
      const limits = flags.risk === undefined ? undefined : readRiskLimits(flags.risk, initialCash.currency);
      const seed = wholeNumberFlag(flags.seed, '--seed', 0);
      if (flags.events !== undefined && flags.risk === undefined) throw new CliError('--events: the kill switch and resume belong to the risk engine: give --risk <limits.json> too');
      const events = flags.events === undefined ? undefined : readEventsFile(flags.events);
      const loaded = await loadFeeds(flags.data, flags);
      const sink = flags.decisions === undefined ? undefined : new FileDecisionSink(flags.decisions);
      const sizing = limits === undefined ? parseSizing(flags) : riskPolicy(flags, limits, sink);
      const progress = process.stderr.isTTY ? terminalProgress() : undefined;
      let result: BacktestResult;
      try {
        const version = sink === undefined ? undefined : codeVersion();
        result = runBacktest({ feeds: loaded.feeds, strategies, sizing, initialCash, fill, seed, events, codeVersion: version, decisions: sink, onProgress: progress });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      } finally {
        sink?.close();
        if (progress) process.stderr.write('\n');
      }
      if (flags.report !== undefined) {
        try {
          writeFileSync(flags.report, renderHtmlReport({ result, feeds: loaded.feeds, dropped: loaded.dropped }));
        } catch (error) {
          throw new CliError(`--report: cannot write ${flags.report}: ${error instanceof Error ? error.message : String(error)}`);
        }
        logLine(`report written to ${resolve(flags.report)}`);
      }
      const summary = { ...backtestSummary(result, loaded.dropped), validation: { rowsRead: loaded.read, dropped: loaded.dropped, findings: loaded.findings } };
      if (flags.json) printJson(summary);
      else printText(textSummary(summary));
    });
}

export function backtestSummary(result: BacktestResult, dropped: number) {
  return {
    ...summaryBody(result, dropped),
    ...(result.risk === undefined ? {} : { risk: riskSummary(result.risk) }),
  };
}

function summaryBody(result: BacktestResult, dropped: number) {
  return {
    strategy: result.strategy,
    symbols: result.symbols,
    timeframe: result.timeframe,
    bars: result.bars,
    dropped,
    signals: result.signals,
    trades: result.trades.length,
    initialCash: result.initialCash.toNumber(),
    finalEquity: result.finalEquity.rounded(2).toNumber(),
    currency: result.finalEquity.currency,
    parameters: result.parameters,
    strategies: result.strategies,
    portfolio: result.portfolio,
    metrics: result.metrics,
    costs: {
      commission: result.costs.commission.rounded(2).toNumber(),
      spread: result.costs.spread.rounded(2).toNumber(),
      slippage: result.costs.slippage.rounded(2).toNumber(),
      swap: result.costs.swap.rounded(2).toNumber(),
    },
    firstBar: result.curve.length > 0 ? new Date(result.curve[0].time).toISOString() : null,
    lastBar: result.curve.length > 0 ? new Date(result.curve[result.curve.length - 1].time).toISOString() : null,
    assumptions: result.assumptions,
  };
}

function textSummary(summary: ReturnType<typeof backtestSummary> & { validation: { findings: Record<string, number> } }): string {
  const m = summary.metrics;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  return [
    `${summary.strategy} on ${summary.symbols.join(', ')} ${summary.timeframe}: ${summary.bars} bars (${summary.dropped} rows dropped by validation), ${summary.signals} signals, ${summary.trades} trades`,
    `validation findings: ${Object.entries(summary.validation.findings).filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`,
    `equity ${summary.initialCash} -> ${summary.finalEquity} ${summary.currency} (${pct(m.totalReturn)}, annualised ${pct(m.annualisedReturn)})`,
    `sharpe ${m.sharpe.toFixed(2)}  sortino ${m.sortino.toFixed(2)}  max drawdown ${pct(m.maxDrawdown)} over ${m.maxDrawdownDays.toFixed(1)} days`,
    `win rate ${pct(m.winRate)}  profit factor ${m.profitFactor === null ? 'n/a' : m.profitFactor.toFixed(2)}  expectancy ${m.expectancy.toFixed(2)}  costs ${m.costsPaid.toFixed(2)}`,
    ...Object.entries(summary.strategies).map(([name, f]) => {
      const rejected = Object.entries(f.rejected).map(([code, n]) => `${code} ${n}`).join(', ');
      return `${name}: ${f.signals} signals, ${f.approved} approved, ${rejected === '' ? 'none rejected' : `rejected ${rejected}`}${f.capped > 0 ? `, ${f.capped} capped at the largest deal` : ''}, ${f.trades} trades, net ${f.realisedPnl.toFixed(2)} ${summary.currency}`;
    }),
    ...(summary.portfolio.marginCalls + summary.portfolio.stopOuts > 0 ? [`margin: ${summary.portfolio.marginCalls} margin calls, ${summary.portfolio.stopOuts} positions stopped out`] : []),
    ...(summary.risk === undefined
      ? []
      : [
          `risk: ${summary.risk.decisions} decisions, ${summary.risk.approved} approved, ${summary.risk.rejected} rejected (${Object.entries(summary.risk.rejectionsByReason).map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none'}); final state ${summary.risk.finalState}`,
        ]),
    ...summary.assumptions.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

/** The risk section of the JSON summary: counts, hours per state, trips, and VaR as daily maxima. */
export function riskSummary(risk: RiskSummary) {
  const daily = new Map<string, { max: number; maxFraction: number }>();
  for (const point of risk.valueAtRisk.points) {
    const day = new Date(point.time).toISOString().slice(0, 10);
    const seen = daily.get(day);
    if (!seen) daily.set(day, { max: point.value, maxFraction: point.fractionOfEquity });
    else if (point.value > seen.max) daily.set(day, { max: point.value, maxFraction: point.fractionOfEquity });
  }
  const trips: Record<string, number> = {};
  for (const trip of risk.breakerTrips) trips[trip.breaker] = (trips[trip.breaker] ?? 0) + 1;
  return {
    decisions: risk.decisions,
    approved: risk.approved,
    rejected: risk.rejected,
    downsized: risk.downsized,
    rejectionsByReason: risk.rejectionsByReason,
    hoursInState: Object.fromEntries(Object.entries(risk.timeInState).map(([state, ms]) => [state, Math.round(ms / 36_000) / 100])),
    finalState: risk.finalState,
    stateChanges: risk.stateChanges,
    breakerTrips: Object.fromEntries(Object.entries(trips).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    fillRisk: risk.fillRisk,
    valueAtRisk: {
      method: risk.valueAtRisk.method,
      confidence: risk.valueAtRisk.confidence,
      horizonBars: risk.valueAtRisk.horizonBars,
      max: risk.valueAtRisk.points.reduce((max, p) => Math.max(max, p.value), 0),
      daily: [...daily.entries()].map(([day, v]) => ({ day, max: v.max, maxFractionOfEquity: v.maxFraction })),
    },
  };
}

function riskPolicy(flags: { lots?: string; riskPerTrade?: string }, limits: RiskLimits, sink: FileDecisionSink | undefined): SizingPolicy {
  if (flags.lots !== undefined || flags.riskPerTrade !== undefined) {
    throw new CliError(`--risk: the risk engine sizes every order; drop ${flags.lots !== undefined ? '--lots' : '--risk-per-trade'} (set sizing.riskPerTrade in the limits file)`);
  }
  return new RiskEnginePolicy({ limits, decisions: sink });
}

function parseSizing(flags: { lots?: string; riskPerTrade?: string }): SizingPolicy {
  if (flags.lots !== undefined && flags.riskPerTrade !== undefined) throw new CliError('--lots and --risk-per-trade: give one sizing, not both');
  if (flags.riskPerTrade !== undefined) {
    const fraction = Number(flags.riskPerTrade);
    try {
      return new FixedFractionalPolicy(fraction);
    } catch (error) {
      throw new CliError(`--risk-per-trade: ${(error as Error).message}`);
    }
  }
  try {
    return new FixedSizePolicy(flags.lots ?? '0.1');
  } catch (error) {
    throw new CliError(`--lots: ${(error as Error).message}`);
  }
}

/** Imports and validates every file; one feed per file. */
export async function loadFeeds(files: readonly string[], flags: { symbol?: string; tf?: string; tz?: string }): Promise<LoadedBars> {
  checkBarFileFlags(flags);
  if (flags.symbol !== undefined && files.length > 1) throw new CliError('--symbol: only with a single --data file (name files like EURUSD_M5.csv instead)');
  const feeds: BarColumns[] = [];
  let dropped = 0;
  let read = 0;
  const findings: Record<string, number> = {};
  for (const file of files) {
    let imported: BarFileImport;
    try {
      imported = await importBarFile(file, { symbol: flags.symbol, timeframe: flags.tf, tz: flags.tz });
    } catch (error) {
      throw new CliError(`--data: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { report } = imported;
    if (imported.columns.length === 0) throw new CliError(`--data: ${file} holds no bars (${report.bars} rows read, ${report.dropped} dropped, ${report.rejected} rejected; see \`trading data check\`)`);
    dropped += report.dropped + report.rejected;
    read += report.bars;
    for (const [kind, count] of Object.entries(report.counts)) findings[kind] = (findings[kind] ?? 0) + count;
    if (report.dropped + report.rejected > 0) logLine(`${file}: ${report.dropped} rows dropped and ${report.rejected} rejected by validation (see \`trading data check\`)`);
    const { symbol, timeframe } = imported.columns;
    if (feeds.some((feed) => feed.symbol === symbol && feed.timeframe === timeframe)) throw new CliError(`--data: two files for ${symbol} ${timeframe}`);
    feeds.push(imported.columns);
  }
  return { feeds, dropped, read, findings };
}

/** Buffers decision lines and writes them in large chunks. */
class FileDecisionSink implements DecisionSink {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new CliError(`--decisions: cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  record(record: DecisionRecord): void {
    this.push(decisionLine(record));
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }
}

function terminalProgress(): (done: number, total: number) => void {
  return (done, total) => {
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} bars`);
  };
}
