// The backtest loop: small glue that merges the bars of one or many symbols
// in time order, moves the injected clock to each bar's close, lets the paper
// broker work the bar, asks the strategy for a signal, sizes it through the
// sizing port and submits the order. Everything it does is logged to the
// decision sink when one is given. A policy with hooks (the risk engine) also
// sees every bar, approves closes, and hears of closed trades and of orders
// the broker refused.
import { UuidV7Generator } from '@trading/contracts';
import { type BarColumns, ManualClock, Money, Quantity, SeededRandom, type Timeframe, instrumentFor, timeframeMs } from '@trading/domain';
import { type ParameterValues, type Strategy, type StrategyDefinition, type StrategySignal, resolveParameters } from '@trading/strategies';
import { CurrencyConverter } from '../broker/currency.converter';
import { DEFAULT_FILL_MODEL, type FillAssumptions, type FillModel, describeFillModel } from '../broker/fill-model';
import type { BrokerListener, ClosedTrade, Fill, Order, OrderRequest } from '../broker/order';
import { PaperBroker } from '../broker/paper-broker';
import type { DecisionRecord, DecisionSink } from '../decisions/decision-log';
import { EquityTracker, type EquityPoint, type MonthlyReturn } from '../metrics/equity.tracker';
import { type CostsPaid, type PerformanceMetrics, computeMetrics } from '../metrics/performance.metrics';
import type { RiskSummary } from '../sizing/risk.summary';
import type { SizingPolicy } from '../sizing/sizing.policy';

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
  const feeds = config.feeds;
  if (feeds.length === 0) throw new RangeError('a backtest needs at least one feed of bars');
  const fill = config.fill ?? DEFAULT_FILL_MODEL;
  // Resolving resolved values is a no-op; raw ones get defaults and are checked here, naming what is wrong.
  const parameters = resolveParameters(config.strategy.name, config.strategy.parameters, config.parameters);
  const clock = new ManualClock(0);
  const ids = new UuidV7Generator(clock, new SeededRandom(config.seed ?? 1));
  const sink = config.decisions;
  const at = (): string => new Date(clock.now()).toISOString();
  const instruments = feeds.map((bars) => instrumentFor(bars.symbol));
  const converter = new CurrencyConverter(config.initialCash.currency, config.conversionRates);
  const broker = new PaperBroker({
    instruments,
    fill,
    initialCash: config.initialCash,
    converter,
    clock,
    nextId: () => ids.next(),
    listener: sink ? loggingListener(sink, at) : undefined,
  });
  const strategies: Strategy[] = feeds.map((bars, slot) => {
    if (!config.strategy.timeframes.includes(bars.timeframe)) {
      throw new RangeError(`${config.strategy.name} trades ${config.strategy.timeframes.join('/')} data, not ${bars.timeframe} (${bars.symbol})`);
    }
    return config.strategy.create(parameters, {
      symbol: bars.symbol,
      timeframe: bars.timeframe,
      instrument: instruments[slot],
      clock,
      positionSide: () => broker.positionSide(slot),
    });
  });
  const tracker = new EquityTracker(config.initialCash.toNumber());
  const closeTiming = fill.timing === 'close';
  const total = feeds.reduce((sum, bars) => sum + bars.length, 0);
  let signals = 0;
  let barSpreadSeen = false;
  const policy = config.sizing;
  let reportedTrades = 0;
  const reportTrades = policy.onTradeClosed
    ? (): void => {
        const trades = broker.trades;
        while (reportedTrades < trades.length) policy.onTradeClosed?.(trades[reportedTrades++], clock.now());
      }
    : undefined;
  const submit = (request: OrderRequest): void => {
    if (!policy.onOrderRejected) {
      broker.submit(request);
      return;
    }
    try {
      broker.submit(request);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      sink?.record({ at: at(), event: 'reject', symbol: request.symbol, side: request.side, lots: request.quantity.toString(), reason: error.message });
      policy.onOrderRejected(request, error.message, clock.now());
    }
  };

  const handle = (slot: number, bars: BarColumns, i: number, signal: StrategySignal): void => {
    signals++;
    sink?.record(signalRecord(at(), signal));
    const side = broker.positionSide(slot);
    const symbol = bars.symbol;
    if (signal.side === 'flat') {
      if (side === 0) {
        sink?.record({ at: at(), event: 'skip', symbol, reason: 'flat signal while already flat' });
        return;
      }
      const close = policy.approveClose?.({ signal, slot, time: clock.now(), quantity: broker.position(slot), account: broker });
      if (close && !close.approved) {
        sink?.record({ at: at(), event: 'skip', symbol, reason: `close refused: ${close.reason}` });
        return;
      }
      submit({ symbol, side: side > 0 ? 'sell' : 'buy', type: 'market', quantity: broker.position(slot), reason: signal.reason });
      return;
    }
    const direction = signal.side === 'buy' ? 1 : -1;
    if (side === direction) {
      sink?.record({ at: at(), event: 'skip', symbol, reason: `${signal.side} signal while already ${side > 0 ? 'long' : 'short'}` });
      return;
    }
    const entryPrice = signal.referencePrice ?? bars.close[i];
    const reversing = side === -direction ? broker.position(slot) : Quantity.of(0);
    const decision = policy.size({
      signal,
      instrument: instruments[slot],
      equity: Money.of(broker.equity().toFixed(2), config.initialCash.currency),
      entryPrice,
      quoteToAccount: broker.quoteToAccount(slot, entryPrice),
      time: clock.now(),
      slot,
      account: broker,
      closing: reversing,
    });
    sink?.record({ at: at(), event: 'sizing', symbol, lots: decision.quantity.toString(), reason: decision.reason });
    const quantity = decision.quantity.plus(reversing);
    if (quantity.isZero()) return;
    const opens = !decision.quantity.isZero();
    submit({
      symbol,
      side: signal.side,
      type: 'market',
      quantity,
      stopLoss: opens ? (decision.stopLoss ?? signal.stopLoss) : undefined,
      takeProfit: opens ? (decision.takeProfit ?? signal.takeProfit) : undefined,
      reason: opens ? signal.reason : `close: ${signal.reason}`,
    });
  };

  const barMs = feeds.map((bars) => timeframeMs(bars.timeframe));
  const step = (slot: number, i: number): void => {
    const bars = feeds[slot];
    const closeTime = bars.time[i] + barMs[slot];
    if (closeTime > clock.now()) clock.set(closeTime);
    broker.onBar(slot, bars, i);
    reportTrades?.();
    policy.observeBar?.({ slot, bars, index: i, time: clock.now(), account: broker });
    const signal = strategies[slot].onBar(bars, i);
    if (signal !== undefined) handle(slot, bars, i, signal);
    if (closeTiming) {
      broker.fillMarketAtClose(slot, bars, i);
      reportTrades?.();
    }
  };

  let done = 0;
  // Equity sample time: the bar start for one feed, the bar close (the merge key) for many.
  let lastSample = Number.NEGATIVE_INFINITY;
  if (feeds.length === 1) {
    const bars = feeds[0];
    const time = bars.time;
    const spread = bars.spread;
    for (let i = 0; i < bars.length; i++) {
      step(0, i);
      if (spread[i] > 0) barSpreadSeen = true;
      tracker.record(time[i], broker.equity(), broker.positionSide(0) !== 0);
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
        tracker.record(time, broker.equity(), anyOpen(broker, feeds.length));
        lastSample = time;
      }
      if (++done % PROGRESS_EVERY === 0) config.onProgress?.(done, total);
    }
  }

  // Close out: cancel what never filled, flatten at each feed's last close.
  for (let slot = 0; slot < feeds.length; slot++) {
    for (const order of [...broker.openOrders(slot)]) broker.cancel(order.id, 'end of data');
    const bars = feeds[slot];
    if (bars.length > 0) broker.closeAtBarClose(slot, bars, bars.length - 1, 'end of data');
  }
  reportTrades?.();
  config.onProgress?.(done, total);
  if (total > 0) tracker.record(lastSample, broker.equity(), false);
  const risk = policy.riskSummary?.();

  const timeframe = finestTimeframe(feeds);
  const stats = tracker.stats();
  const costs = broker.costs();
  return {
    strategy: config.strategy.name,
    parameters,
    symbols: feeds.map((bars) => bars.symbol),
    timeframe,
    bars: total,
    signals,
    trades: broker.trades,
    initialCash: config.initialCash,
    finalEquity: broker.cash,
    metrics: computeMetrics(stats, broker.trades, costs, timeframe),
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

function anyOpen(broker: PaperBroker, slots: number): boolean {
  for (let slot = 0; slot < slots; slot++) if (broker.positionSide(slot) !== 0) return true;
  return false;
}

function finestTimeframe(feeds: readonly BarColumns[]): Timeframe {
  return feeds.map((bars) => bars.timeframe).reduce((a, b) => (timeframeMs(b) < timeframeMs(a) ? b : a));
}

function signalRecord(at: string, signal: StrategySignal): DecisionRecord {
  return {
    at,
    event: 'signal',
    strategy: signal.strategy,
    symbol: signal.symbol,
    barTime: new Date(signal.barTime).toISOString(),
    side: signal.side,
    strength: signal.strength,
    confidence: signal.confidence,
    referencePrice: signal.referencePrice ?? null,
    stopLoss: signal.stopLoss ?? null,
    takeProfit: signal.takeProfit ?? null,
    reason: signal.reason,
  };
}

function loggingListener(sink: DecisionSink, at: () => string): BrokerListener {
  return {
    onOrder: (order: Order) =>
      sink.record({
        at: at(),
        event: 'order',
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
    onFill: (fill: Fill) =>
      sink.record({
        at: at(),
        event: 'fill',
        orderId: fill.orderId,
        symbol: fill.symbol,
        side: fill.side,
        lots: fill.quantity.toString(),
        price: fill.price.toFixed(),
        barTime: new Date(fill.time).toISOString(),
        commission: fill.commission.toString(),
        realizedPnl: fill.realizedPnl.toString(),
        position: fill.positionAfter,
        cash: fill.cashAfter.toString(),
        reason: fill.reason,
      }),
    onCancel: (order: Order, reason: string) => sink.record({ at: at(), event: 'cancel', orderId: order.id, symbol: order.symbol, reason }),
  };
}
