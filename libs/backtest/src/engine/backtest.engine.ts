// The backtest driver: merges the bars of every feed by close time in the
// canonical order, moves the injected clock to each bar's close, and feeds
// each bar to the kernel: the simulated venue works it (fills, brackets,
// swap), the risk desk books what the venue reported and follows the market,
// each strategy on the feed turns it into a signal, the desk turns signals
// into orders, and the orders go to the venue. Several strategies share one
// account, one desk and one venue, as in the live system.
import { UuidV7Generator, barId, signalIdFor } from '@trading/contracts';
import { type BarColumns, ManualClock, Money, SeededRandom, type Timeframe, timeframeMs } from '@trading/domain';
import { type DeskBarInput, type DeskOrder, RiskDesk } from '@trading/risk-engine';
import { DEFAULT_FILL_MODEL, SimulatedVenue, type VenueBar, describeFillModel } from '@trading/simulated-venue';
import { type ParameterValues, resolveParameters } from '@trading/strategies';
import { EquityTracker } from '../metrics/equity.tracker';
import { computeMetrics } from '../metrics/performance.metrics';
import type { BacktestConfig, BacktestResult, ScheduledCommand, StrategyFigures } from './backtest.config';
import { type StrategyOnFeed, type StrategyRun, drivesVenue, planFeeds, strategiesOnFeeds } from './feed-plan';
import { runHeader } from './run-header';
import { venueListener } from './venue-listener';

const PROGRESS_EVERY = 65_536;

export function runBacktest(config: BacktestConfig): BacktestResult {
  if (config.feeds.length === 0) throw new RangeError('a backtest needs at least one feed of bars');
  const runs = strategyRuns(config);
  const fill = config.fill ?? DEFAULT_FILL_MODEL;
  // Bars that close at the same time are handled by symbol (the finer
  // timeframe first), so results never depend on the order of the feeds.
  const plan = planFeeds(config.feeds);
  const { feeds, instruments, slotOf } = plan;
  const clock = new ManualClock(0);
  const sink = config.decisions;
  const desk = new RiskDesk({ instruments, initialCash: config.initialCash, conversionRates: config.conversionRates, policy: config.sizing, decisions: sink });
  const venue = new SimulatedVenue({
    instruments,
    fill,
    initialCash: config.initialCash,
    conversionRates: config.conversionRates,
    clock,
    listener: venueListener(desk, sink, () => clock.now()),
  });
  const onFeeds: StrategyOnFeed[][] = strategiesOnFeeds(plan, runs, (run, f) => {
    const bars = feeds[f];
    const position = desk.book.position(run.definition.name, bars.symbol);
    return run.definition.create(run.parameters, {
      symbol: bars.symbol,
      timeframe: bars.timeframe,
      instrument: instruments[slotOf[f]],
      clock,
      positionSide: () => desk.book.ledger.sideAt(position),
    });
  });
  if (sink !== undefined) desk.writeHeader(runHeader(runs, feeds, fill, config));
  const tracker = new EquityTracker(config.initialCash.toNumber());
  const closeTiming = fill.timing === 'close';
  const total = feeds.reduce((sum, bars) => sum + bars.length, 0);
  let barSpreadSeen = false;

  const submit = (order: DeskOrder): void => {
    try {
      venue.submit(order);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      desk.onOrderRejected(order, error.message, clock.now());
    }
  };
  // Working orders the desk no longer allows (the state went REDUCING or HALTED).
  const cancelRefused = (): void => {
    const cancels = desk.drainCancels();
    for (let k = 0; k < cancels.length; k++) venue.cancel(cancels[k].orderId, cancels[k].reason);
  };
  // Commands have no cause: their ids come from the clock and the seeded source.
  const commandIds = new UuidV7Generator(clock, new SeededRandom(config.seed ?? 1));
  const events = scheduledCommands(config.events ?? []);
  let nextEvent = 0;
  const applyCommandsUpTo = (time: number): void => {
    for (; nextEvent < events.length && events[nextEvent].time <= time; nextEvent++) {
      const event = events[nextEvent];
      if (event.time > clock.now()) clock.set(event.time);
      const commandId = commandIds.next();
      const command = event.kind === 'kill-switch' ? { kind: event.kind, commandId, reason: event.reason } : { kind: event.kind, commandId, by: event.by };
      for (const order of desk.command(command, clock.now())) submit(order);
      cancelRefused();
    }
  };

  const barMs = feeds.map((bars) => timeframeMs(bars.timeframe));
  // Feeds with no finer feed of their symbol drive the venue at every bar: no check per bar.
  const alwaysDrives = Uint8Array.from(plan.finerCover, (cover) => (cover.length === 0 ? 1 : 0));
  // Reused for every bar: neither the venue nor the desk keeps them.
  const bar: { -readonly [K in keyof VenueBar]: number } = { time: 0, open: 0, high: 0, low: 0, close: 0, spread: 0 };
  const deskBar: { -readonly [K in keyof DeskBarInput]: DeskBarInput[K] } = { symbol: '', barTime: 0, time: 0, open: 0, high: 0, low: 0, close: 0, spread: 0, slippage: 0 };
  const step = (f: number, i: number): void => {
    const bars = feeds[f];
    const slot = slotOf[f];
    const closeTime = bars.time[i] + barMs[f];
    if (closeTime > clock.now()) clock.set(closeTime);
    const now = clock.now();
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.spread = bars.spread[i];
    if (alwaysDrives[f] === 1 || drivesVenue(plan, f, bar.time)) {
      venue.onBar(slot, bar);
      desk.settle(now);
      deskBar.symbol = bars.symbol;
      deskBar.barTime = bar.time;
      deskBar.time = now;
      deskBar.open = bar.open;
      deskBar.high = bar.high;
      deskBar.low = bar.low;
      deskBar.close = bar.close;
      deskBar.spread = venue.currentSpread(slot);
      deskBar.slippage = venue.slippageEstimate(slot);
      desk.observeBar(deskBar);
      cancelRefused();
    }
    const strategies = onFeeds[f];
    let cause: string | undefined;
    for (let k = 0; k < strategies.length; k++) {
      const signal = strategies[k].strategy.onBar(bars, i);
      if (signal === undefined) continue;
      // The signal's id derives from the bar that caused it, as in the strategy service.
      cause ??= barId(bars.symbol, bars.timeframe, bar.time, now);
      const signalId = signalIdFor(cause, strategies[k].name, now);
      const orders = desk.onSignal(signal, signalId, now, bar.close);
      for (let o = 0; o < orders.length; o++) submit(orders[o]);
      cancelRefused();
    }
    if (closeTiming) {
      venue.fillMarketAtClose(slot, bar);
      desk.settle(now);
      cancelRefused();
    }
  };

  let done = 0;
  let lastSample = Number.NEGATIVE_INFINITY;
  if (feeds.length === 1 && events.length === 0) {
    // One feed and no commands: no merge; equity is sampled at each bar's own time.
    const bars = feeds[0];
    for (let i = 0; i < bars.length; i++) {
      step(0, i);
      if (bars.spread[i] > 0) barSpreadSeen = true;
      lastSample = bars.time[i];
      tracker.record(lastSample, desk.book.equity(), anyOpen(desk));
      if (++done % PROGRESS_EVERY === 0) config.onProgress?.(done, total);
    }
  } else {
    // Equity is sampled once per timestamp, after every bar at that time: at the
    // bar's start with a single feed (its bars' own times), at the close otherwise.
    const sampleAtStart = feeds.length === 1;
    const cursor = new Int32Array(feeds.length);
    for (;;) {
      let f = -1;
      let time = Number.POSITIVE_INFINITY;
      for (let g = 0; g < feeds.length; g++) {
        const c = cursor[g];
        if (c < feeds[g].length && feeds[g].time[c] + barMs[g] < time) {
          time = feeds[g].time[c] + barMs[g];
          f = g;
        }
      }
      // Commands up to this bar's close come first, after every bar that closed before it.
      applyCommandsUpTo(f < 0 ? Number.POSITIVE_INFINITY : time - 1);
      if (f < 0) break;
      const i = cursor[f]++;
      step(f, i);
      if (feeds[f].spread[i] > 0) barSpreadSeen = true;
      if (!nextHasTime(feeds, barMs, cursor, time)) {
        lastSample = sampleAtStart ? feeds[f].time[i] : time;
        tracker.record(lastSample, desk.book.equity(), anyOpen(desk));
      }
      if (++done % PROGRESS_EVERY === 0) config.onProgress?.(done, total);
    }
  }

  // Close out: cancel what never filled, flatten at each symbol's last close.
  plan.lastFeed.forEach((f, slot) => {
    for (const order of [...venue.openOrders(slot)]) venue.cancel(order.id, 'end of data');
    const bars = feeds[f];
    if (bars.length === 0) return;
    const last = bars.length - 1;
    const closing: VenueBar = { time: bars.time[last], open: bars.open[last], high: bars.high[last], low: bars.low[last], close: bars.close[last], spread: bars.spread[last] };
    for (const position of venue.ledger.positionsOf(slot)) venue.closeAtBarClose(position, closing, 'end of data');
  });
  desk.settle(clock.now());
  config.onProgress?.(done, total);
  if (total > 0) tracker.record(lastSample, desk.book.equity(), false);
  const risk = desk.riskSummary();

  const timeframe = finestTimeframe(feeds);
  const stats = tracker.stats();
  const trades = desk.trades;
  const costs = venue.ledger.costs();
  const figures = strategyFigures(runs, desk);
  const single = runs.length === 1;
  return {
    strategy: runs.map((run) => run.definition.name).join(','),
    parameters: single ? runs[0].parameters : Object.fromEntries(runs.map((run) => [run.definition.name, run.parameters])),
    strategies: figures,
    symbols: instruments.map((instrument) => instrument.symbol),
    timeframe,
    bars: total,
    signals: Object.values(figures).reduce((sum, f) => sum + f.signals, 0),
    trades,
    initialCash: config.initialCash,
    finalEquity: desk.book.cash,
    portfolio: { finalEquity: desk.book.cash.rounded(2).toNumber(), marginCalls: venue.marginCalls, stopOuts: venue.stopOuts },
    metrics: computeMetrics(stats, trades, costs, timeframe),
    costs,
    assumptions: { ...describeFillModel(fill, barSpreadSeen), sizing: config.sizing.describe() },
    curve: stats.curve,
    monthly: stats.monthly,
    ...(risk === undefined ? {} : { risk }),
  };
}

/** The strategies to run, each with resolved parameters (raw ones get defaults and are checked here, naming what is wrong). */
function strategyRuns(config: BacktestConfig): StrategyRun[] {
  if ((config.strategy === undefined) === (config.strategies === undefined)) throw new RangeError('a backtest takes either one strategy (strategy, parameters) or several (strategies)');
  const runs = config.strategies ?? [{ definition: config.strategy as NonNullable<BacktestConfig['strategy']>, parameters: config.parameters ?? {} }];
  if (runs.length === 0) throw new RangeError('a backtest needs at least one strategy');
  return runs.map((run) => ({ definition: run.definition, parameters: resolveParameters(run.definition.name, run.definition.parameters, run.parameters) as ParameterValues }));
}

function strategyFigures(runs: readonly StrategyRun[], desk: RiskDesk): Record<string, StrategyFigures> {
  const tallies = desk.tally.summary();
  const out: Record<string, StrategyFigures> = {};
  for (const run of [...runs].sort((a, b) => (a.definition.name < b.definition.name ? -1 : 1))) {
    const name = run.definition.name;
    const own = desk.trades.filter((trade) => trade.strategy === name);
    const net = own.reduce((sum, trade) => sum.plus(trade.netPnl.amount), Money.zero(desk.book.cash.currency).amount);
    out[name] = {
      ...(tallies[name] ?? desk.tally.of(name)),
      parameters: run.parameters,
      trades: own.length,
      wins: own.filter((trade) => trade.netPnl.amount.isPositive() && !trade.netPnl.isZero()).length,
      realisedPnl: Number(net.toFixed(2)),
    };
  }
  return out;
}

function scheduledCommands(events: readonly ScheduledCommand[]): ScheduledCommand[] {
  for (let k = 1; k < events.length; k++) {
    if (events[k].time < events[k - 1].time) throw new RangeError(`events must be in time order: event ${k + 1} (${new Date(events[k].time).toISOString()}) comes before event ${k}`);
  }
  return [...events];
}

function nextHasTime(feeds: readonly BarColumns[], barMs: readonly number[], cursor: Int32Array, time: number): boolean {
  for (let f = 0; f < feeds.length; f++) if (cursor[f] < feeds[f].length && feeds[f].time[cursor[f]] + barMs[f] === time) return true;
  return false;
}

function anyOpen(desk: RiskDesk): boolean {
  const ledger = desk.book.ledger;
  for (let p = 0; p < ledger.positionCount; p++) if (ledger.sideAt(p) !== 0) return true;
  return false;
}

function finestTimeframe(feeds: readonly BarColumns[]): Timeframe {
  return feeds.map((bars) => bars.timeframe).reduce((a, b) => (timeframeMs(b) < timeframeMs(a) ? b : a));
}
