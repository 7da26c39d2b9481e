// The backtest driver: merges the bars of one or many symbols in time order,
// moves the injected clock to each bar's close, and feeds each bar to the
// kernel: the simulated venue works it (fills, brackets, swap), the risk desk
// books what the venue reported and follows the market, the strategy turns it
// into a signal, the desk turns the signal into orders, and the orders go to
// the venue. Everything is logged to the decision sink when one is given.
import { barId, signalIdFor } from '@trading/contracts';
import { type BarColumns, ManualClock, type Money, type Timeframe, instrumentFor, timeframeMs } from '@trading/domain';
import type { ClosedTrade, CostsPaid } from '@trading/portfolio';
import { type DecisionSink, type DeskBarInput, type DeskOrder, RiskDesk, type RiskSummary, type SizingPolicy } from '@trading/risk-engine';
import { DEFAULT_FILL_MODEL, type Fill, type FillAssumptions, type FillModel, SimulatedVenue, type SwapCharge, type VenueBar, type VenueListener, describeFillModel } from '@trading/simulated-venue';
import { type ParameterValues, type Strategy, type StrategyDefinition, resolveParameters } from '@trading/strategies';
import { EquityTracker, type EquityPoint, type MonthlyReturn } from '../metrics/equity.tracker';
import { type PerformanceMetrics, computeMetrics } from '../metrics/performance.metrics';

export interface BacktestConfig {
  /** Bars of each symbol (one feed per symbol), each in time order. */
  readonly feeds: readonly BarColumns[];
  readonly strategy: StrategyDefinition;
  readonly parameters: ParameterValues;
  readonly sizing: SizingPolicy;
  readonly initialCash: Money;
  readonly fill?: FillModel;
  /** Seeds the order ids (UUIDv7 from the clock and this source). */
  readonly seed?: number;
  /** Fixed prices for currency conversion, e.g. { GBPUSD: 1.27 }. */
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly decisions?: DecisionSink;
  /** Called every 65,536 bars and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BacktestResult {
  readonly strategy: string;
  readonly parameters: ParameterValues;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly signals: number;
  readonly trades: readonly ClosedTrade[];
  readonly initialCash: Money;
  /** Booked cash after every position was closed at the last bar. */
  readonly finalEquity: Money;
  readonly metrics: PerformanceMetrics;
  readonly costs: CostsPaid;
  readonly assumptions: FillAssumptions & { readonly sizing: Readonly<Record<string, string | number>> };
  readonly curve: readonly EquityPoint[];
  readonly monthly: readonly MonthlyReturn[];
  /** The sizing policy's risk record, when it keeps one (the risk engine). */
  readonly risk?: RiskSummary;
}

const PROGRESS_EVERY = 65_536;

export function runBacktest(config: BacktestConfig): BacktestResult {
  if (config.feeds.length === 0) throw new RangeError('a backtest needs at least one feed of bars');
  // The canonical order: bars that close at the same time are handled by symbol
  // (then the finer timeframe first), so results never depend on the order the
  // feeds were given in.
  const feeds = canonicalFeeds(config.feeds);
  const fill = config.fill ?? DEFAULT_FILL_MODEL;
  // Resolving resolved values is a no-op; raw ones get defaults and are checked here, naming what is wrong.
  const parameters = resolveParameters(config.strategy.name, config.strategy.parameters, config.parameters);
  const clock = new ManualClock(0);
  const sink = config.decisions;
  const instruments = feeds.map((bars) => instrumentFor(bars.symbol));
  const desk = new RiskDesk({ instruments, initialCash: config.initialCash, conversionRates: config.conversionRates, policy: config.sizing, decisions: sink });
  const venue = new SimulatedVenue({
    instruments,
    fill,
    initialCash: config.initialCash,
    conversionRates: config.conversionRates,
    clock,
    listener: venueListener(desk, sink, () => clock.now()),
  });
  const strategyName = config.strategy.name;
  const strategies: Strategy[] = feeds.map((bars, slot) => {
    if (!config.strategy.timeframes.includes(bars.timeframe)) {
      throw new RangeError(`${config.strategy.name} trades ${config.strategy.timeframes.join('/')} data, not ${bars.timeframe} (${bars.symbol})`);
    }
    const position = desk.book.position(strategyName, bars.symbol);
    return config.strategy.create(parameters, {
      symbol: bars.symbol,
      timeframe: bars.timeframe,
      instrument: instruments[slot],
      clock,
      positionSide: () => desk.book.ledger.sideAt(position),
    });
  });
  const tracker = new EquityTracker(config.initialCash.toNumber());
  const closeTiming = fill.timing === 'close';
  const total = feeds.reduce((sum, bars) => sum + bars.length, 0);
  let signals = 0;
  let barSpreadSeen = false;

  const submit = (order: DeskOrder): void => {
    try {
      venue.submit(order);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      desk.onOrderRejected(order, error.message, clock.now());
    }
  };

  const barMs = feeds.map((bars) => timeframeMs(bars.timeframe));
  // Reused for every bar: neither the venue nor the desk keeps them.
  const bar: { -readonly [K in keyof VenueBar]: number } = { time: 0, open: 0, high: 0, low: 0, close: 0, spread: 0 };
  const deskBar: { -readonly [K in keyof DeskBarInput]: DeskBarInput[K] } = { symbol: '', barTime: 0, time: 0, high: 0, low: 0, close: 0, spread: 0 };
  const step = (slot: number, i: number): void => {
    const bars = feeds[slot];
    const closeTime = bars.time[i] + barMs[slot];
    if (closeTime > clock.now()) clock.set(closeTime);
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.spread = bars.spread[i];
    venue.onBar(slot, bar);
    const now = clock.now();
    desk.settle(now);
    deskBar.symbol = bars.symbol;
    deskBar.barTime = bar.time;
    deskBar.time = now;
    deskBar.high = bar.high;
    deskBar.low = bar.low;
    deskBar.close = bar.close;
    deskBar.spread = venue.currentSpread(slot);
    desk.observeBar(deskBar);
    const signal = strategies[slot].onBar(bars, i);
    if (signal !== undefined) {
      signals++;
      // The signal's id derives from the bar that caused it, as in the strategy service.
      const signalId = signalIdFor(barId(bars.symbol, bars.timeframe, bar.time, now), strategyName, now);
      for (const order of desk.onSignal(signal, signalId, now, bar.close)) submit(order);
    }
    if (closeTiming) {
      venue.fillMarketAtClose(slot, bar);
      desk.settle(now);
    }
  };

  let done = 0;
  // Equity sample time: the bar start for one feed, the bar close (the merge key) for many.
  let lastSample = Number.NEGATIVE_INFINITY;
  if (feeds.length === 1) {
    const bars = feeds[0];
    const time = bars.time;
    const spread = bars.spread;
    const position = desk.book.position(strategyName, bars.symbol);
    for (let i = 0; i < bars.length; i++) {
      step(0, i);
      if (spread[i] > 0) barSpreadSeen = true;
      tracker.record(time[i], desk.book.equity(), desk.book.ledger.sideAt(position) !== 0);
      lastSample = time[i];
      if (++done % PROGRESS_EVERY === 0) config.onProgress?.(done, total);
    }
  } else {
    // Bars are events at their close: an H4 bar is seen after the H1 bars inside it.
    const cursor = new Int32Array(feeds.length);
    for (;;) {
      let slot = -1;
      let time = Number.POSITIVE_INFINITY;
      for (let f = 0; f < feeds.length; f++) {
        const c = cursor[f];
        if (c < feeds[f].length && feeds[f].time[c] + barMs[f] < time) {
          time = feeds[f].time[c] + barMs[f];
          slot = f;
        }
      }
      if (slot < 0) break;
      const i = cursor[slot]++;
      step(slot, i);
      if (feeds[slot].spread[i] > 0) barSpreadSeen = true;
      // Equity is sampled once per timestamp, after every symbol's bar at that time.
      if (!nextHasTime(feeds, barMs, cursor, time)) {
        tracker.record(time, desk.book.equity(), anyOpen(desk));
        lastSample = time;
      }
      if (++done % PROGRESS_EVERY === 0) config.onProgress?.(done, total);
    }
  }

  // Close out: cancel what never filled, flatten at each feed's last close.
  for (let slot = 0; slot < feeds.length; slot++) {
    for (const order of [...venue.openOrders(slot)]) venue.cancel(order.id, 'end of data');
    const bars = feeds[slot];
    if (bars.length === 0) continue;
    const last = bars.length - 1;
    const closing: VenueBar = { time: bars.time[last], open: bars.open[last], high: bars.high[last], low: bars.low[last], close: bars.close[last], spread: bars.spread[last] };
    for (const position of venue.ledger.positionsOf(slot)) venue.closeAtBarClose(position, closing, 'end of data');
  }
  desk.settle(clock.now());
  config.onProgress?.(done, total);
  if (total > 0) tracker.record(lastSample, desk.book.equity(), false);
  const risk = desk.riskSummary();

  const timeframe = finestTimeframe(feeds);
  const stats = tracker.stats();
  const trades = desk.trades;
  const costs = venue.ledger.costs();
  return {
    strategy: config.strategy.name,
    parameters,
    symbols: feeds.map((bars) => bars.symbol),
    timeframe,
    bars: total,
    signals,
    trades,
    initialCash: config.initialCash,
    finalEquity: desk.book.cash,
    metrics: computeMetrics(stats, trades, costs, timeframe),
    costs,
    assumptions: { ...describeFillModel(fill, barSpreadSeen), sizing: config.sizing.describe() },
    curve: stats.curve,
    monthly: stats.monthly,
    ...(risk === undefined ? {} : { risk }),
  };
}

function nextHasTime(feeds: readonly BarColumns[], barMs: readonly number[], cursor: Int32Array, time: number): boolean {
  for (let f = 0; f < feeds.length; f++) if (cursor[f] < feeds[f].length && feeds[f].time[cursor[f]] + barMs[f] === time) return true;
  return false;
}

function canonicalFeeds(feeds: readonly BarColumns[]): BarColumns[] {
  return [...feeds].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : timeframeMs(a.timeframe) - timeframeMs(b.timeframe)));
}

function anyOpen(desk: RiskDesk): boolean {
  const ledger = desk.book.ledger;
  for (let p = 0; p < ledger.positionCount; p++) if (ledger.sideAt(p) !== 0) return true;
  return false;
}

function finestTimeframe(feeds: readonly BarColumns[]): Timeframe {
  return feeds.map((bars) => bars.timeframe).reduce((a, b) => (timeframeMs(b) < timeframeMs(a) ? b : a));
}

/** Books what the venue reports in the desk, and logs it when there is a log. */
function venueListener(desk: RiskDesk, sink: DecisionSink | undefined, now: () => number): VenueListener {
  const book = (fill: Fill): void => {
    desk.onFill({ orderId: fill.orderId, strategy: fill.strategy, symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price.toNumber(), time: fill.time, commission: fill.commission, reason: fill.reason });
  };
  const onSwap = (charge: SwapCharge): void => desk.onSwap(charge.strategy, charge.symbol, charge.amount);
  if (sink === undefined) return { onFill: book, onCancel: (order) => desk.onCancel(order.id), onSwap };
  return {
    onOrder: (order) =>
      sink.record({
        event: 'order',
        time: now(),
        orderId: order.id,
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        lots: order.quantity.toString(),
        price: order.price ?? null,
        stopLoss: order.stopLoss ?? null,
        takeProfit: order.takeProfit ?? null,
        reason: order.reason,
      }),
    onFill: (fill) => {
      book(fill);
      sink.record({
        event: 'fill',
        time: now(),
        orderId: fill.orderId,
        symbol: fill.symbol,
        side: fill.side,
        lots: fill.quantity.toString(),
        price: fill.price.toFixed(),
        barTime: fill.time,
        commission: fill.commission.toString(),
        realizedPnl: fill.realizedPnl.toString(),
        position: fill.positionAfter,
        cash: fill.cashAfter.toString(),
        reason: fill.reason,
      });
    },
    onCancel: (order, reason) => {
      desk.onCancel(order.id);
      sink.record({ event: 'cancel', time: now(), orderId: order.id, symbol: order.symbol, reason });
    },
    onSwap,
  };
}
