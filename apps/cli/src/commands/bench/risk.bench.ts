// `trading bench risk`: time of one risk decision with every pre-trade rule
// evaluated, historical VaR over 500 real H1 returns, for a portfolio holding
// all six 2025 pairs. Warm-up decisions first, then each timed decision on its
// own with process.hrtime.bigint; median and p99 reported in microseconds.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importBarFileSync } from '@trading/data-sources';
import { instrumentFor, ManualClock, Money, Quantity, type BarColumns, type Quote } from '@trading/domain';
import { type MarketState, type PortfolioSnapshot, type Position, ReturnHistory, RiskEngine, type RiskDecision, type TradeRequest } from '@trading/risk-engine';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { DATA_DIR } from '../../vendored-data';
import { roundTo } from './bench-stats';

const SYMBOLS = ['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'EURGBP'] as const;
const ATR_PERIOD = 14;

interface RiskBenchFlags {
  readonly decisions: string;
  readonly warmup: string;
  readonly observations: string;
  readonly dataDir: string;
  readonly json?: boolean;
}

export function registerRiskBench(bench: Command): void {
  bench
    .command('risk')
    .option('--decisions <count>', 'timed decisions', '20000')
    .option('--warmup <count>', 'untimed decisions first, to warm the JIT', '5000')
    .option('--observations <count>', 'returns per instrument in the VaR history', '500')
    .option('--data-dir <dir>', 'folder with the six <SYMBOL>_H1.csv (or .csv.gz) MT5 exports', DATA_DIR)
    .option('--json', 'print the result as JSON on stdout')
    .action((flags: RiskBenchFlags) => {
      const decisions = wholeNumberFlag(flags.decisions, '--decisions', 1);
      const warmup = wholeNumberFlag(flags.warmup, '--warmup', 0);
      const observations = wholeNumberFlag(flags.observations, '--observations', 30);
      const bars = loadAligned(flags.dataDir, observations + 1 + ATR_PERIOD);
      const closes: Record<string, Float64Array> = {};
      const lastClose: Record<string, number> = {};
      const atrPips: Record<string, number> = {};
      for (const symbol of SYMBOLS) {
        const series = bars[symbol];
        closes[symbol] = series.close.slice(series.length - observations - 1);
        lastClose[symbol] = series.close[series.length - 1];
        atrPips[symbol] = averageTrueRange(series) / instrumentFor(symbol).pipSize;
      }
      const history = ReturnHistory.fromCloses(closes);
      const start = Date.UTC(2026, 0, 21, 12);
      const clock = new ManualClock(start);
      const engine = new RiskEngine({ clock });
      // Two lots on each pair (alternating sides, stops 2 ATR away): every
      // exposure, correlation, margin, open-risk and VaR rule has six legs to sum.
      const portfolio = portfolioHolding(
        SYMBOLS.map((symbol, i): Position => {
          const side = i % 2 === 0 ? 'BUY' : 'SELL';
          const stopPrice = lastClose[symbol] + (side === 'BUY' ? -2 : 2) * atrPips[symbol] * instrumentFor(symbol).pipSize;
          return { symbol, side, size: Quantity.of('2'), entryPrice: lastClose[symbol], stopPrice };
        }),
      );
      logLine(`bench risk: ${SYMBOLS.length} instruments, ${history.length} returns each, ${engine.rules.length} rules, ${warmup} warm-up + ${decisions} timed decisions`);

      const outcomes = new Map<string, number>();
      // Checks actually recorded: a decision that skipped a rule would lower it.
      let fewestChecks = Number.POSITIVE_INFINITY;
      const micros = new Float64Array(decisions);
      for (let i = 0; i < warmup + decisions; i++) {
        // A minute apart so rate limits and duplicate windows do not dominate; quotes always fresh.
        clock.advance(61_000);
        const market = marketAt(clock.now(), lastClose, atrPips);
        const signal = signalFor(i, lastClose, atrPips);
        const begin = process.hrtime.bigint();
        const decision = engine.decide({ signal, portfolio, market, history });
        const end = process.hrtime.bigint();
        if (i >= warmup) {
          micros[i - warmup] = Number(end - begin) / 1000;
          fewestChecks = Math.min(fewestChecks, decision.checks.length);
          const key = outcome(decision);
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }
      micros.sort();
      const result = {
        decisions,
        instruments: SYMBOLS.length,
        observations: history.length,
        checksPerDecision: fewestChecks,
        medianMicros: round(micros[Math.floor((decisions - 1) / 2)]),
        p99Micros: round(micros[Math.min(decisions - 1, Math.ceil(0.99 * decisions) - 1)]),
      };
      logLine(`outcomes: ${[...outcomes.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
      if (flags.json) printJson(result);
      else printText(`risk decision: median ${result.medianMicros} µs, p99 ${result.p99Micros} µs over ${decisions} decisions (${result.checksPerDecision} rules, VaR on ${result.observations} × ${result.instruments})`);
    });
}

function signalFor(i: number, lastClose: Record<string, number>, atrPips: Record<string, number>): TradeRequest {
  const symbol = SYMBOLS[i % SYMBOLS.length];
  const side = Math.floor(i / SYMBOLS.length) % 2 === 0 ? 'BUY' : 'SELL';
  // Every other signal carries its own stop (1.5 ATR) and a probability; the rest get the ATR stop.
  const id = `bench-${i}`;
  const clientOrderId = `bench-order-${i}`;
  if (i % 2 === 1) return { id, clientOrderId, strategy: `strategy-${i % 3}`, symbol, side };
  const distance = 1.5 * atrPips[symbol] * instrumentFor(symbol).pipSize;
  return { id, clientOrderId, strategy: `strategy-${i % 3}`, symbol, side, stopPrice: lastClose[symbol] + (side === 'BUY' ? -distance : distance), probability: 0.65 };
}

/** 100,000 USD of equity, flat P&L, holding `positions`. */
function portfolioHolding(positions: readonly Position[]): PortfolioSnapshot {
  const usd = (amount: number): Money => Money.of(amount, 'USD');
  return { equity: usd(100_000), realisedPnl: usd(0), unrealisedPnl: usd(0), peakEquity: usd(100_000), todayPnl: usd(0), positions, openOrders: [] };
}

/** Every pair quoted at its last close, one pip wide, at `time`, with its ATR. */
function marketAt(time: number, mids: Readonly<Record<string, number>>, atrPips: Readonly<Record<string, number>>): MarketState {
  const quotes: Record<string, Quote> = {};
  const atr: Record<string, number> = {};
  for (const symbol of SYMBOLS) {
    const pip = instrumentFor(symbol).pipSize;
    quotes[symbol] = { symbol, time, bid: mids[symbol] - pip / 2, ask: mids[symbol] + pip / 2 };
    atr[symbol] = atrPips[symbol] * pip;
  }
  return { quotes, atr, instruments: Object.fromEntries(SYMBOLS.map((symbol) => [symbol, instrumentFor(symbol)])) };
}

function outcome(decision: RiskDecision): string {
  if (decision.decision === 'rejected') return `rejected:${decision.reason}`;
  return decision.downsizedFrom === null ? 'approved' : 'approved-downsized';
}

/** The last `count` bars of each pair on the timestamps all six share. */
function loadAligned(dataDir: string, count: number): Record<string, BarColumns> {
  const loaded = SYMBOLS.map((symbol) => {
    try {
      const plain = resolve(dataDir, `${symbol}_H1.csv`);
      return importBarFileSync(existsSync(plain) ? plain : `${plain}.gz`, { symbol, timeframe: 'H1' }).columns;
    } catch (error) {
      throw new CliError(`--data-dir: cannot read ${symbol}_H1.csv in ${dataDir}: ${(error as Error).message}`);
    }
  });
  const shared = loaded.map((columns) => new Set(columns.time));
  const times = Array.from(loaded[0].time).filter((time) => shared.every((set) => set.has(time)));
  if (times.length < count) throw new CliError(`--observations: the six files share ${times.length} bars, ${count} are needed`);
  const keep = new Set(times.slice(times.length - count));
  const result: Record<string, BarColumns> = {};
  loaded.forEach((columns, i) => {
    const rows: number[] = [];
    for (let r = 0; r < columns.length; r++) if (keep.has(columns.time[r])) rows.push(r);
    const pick = (values: Float64Array): Float64Array => Float64Array.from(rows, (r) => values[r]);
    result[SYMBOLS[i]] = { ...columns, length: rows.length, time: pick(columns.time), open: pick(columns.open), high: pick(columns.high), low: pick(columns.low), close: pick(columns.close), volume: pick(columns.volume), spread: pick(columns.spread) };
  });
  return result;
}

/** Mean true range of the last ATR_PERIOD bars, in price units. */
function averageTrueRange(bars: BarColumns): number {
  let sum = 0;
  for (let i = bars.length - ATR_PERIOD; i < bars.length; i++) {
    const previous = bars.close[i - 1];
    sum += Math.max(bars.high[i] - bars.low[i], Math.abs(bars.high[i] - previous), Math.abs(bars.low[i] - previous));
  }
  return sum / ATR_PERIOD;
}

const round = (value: number): number => roundTo(value, 2);
