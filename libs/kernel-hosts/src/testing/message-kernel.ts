// The kernel run message by message, in one process, for the parity spec: a
// replay publishes each bar (in the backtest's canonical order) as a
// market.bar envelope; every envelope crosses the wire (encoded, decoded and
// validated, older versions upgraded) and is delivered to its subscribers at
// once, before its publisher goes on. Subscribers of a bar are, in order, the
// venue, the risk desk and the strategies: the causal order a lockstep run of
// the services keeps.
import { type StrategyRun, type ScheduledCommand, canonicalFeeds, runHeader } from '@trading/backtest';
import {
  type Envelope,
  type MessageEnvelope,
  type MessageType,
  MessageFactory,
  UuidV7Generator,
  currentPayload,
  decodeEnvelope,
  encodeEnvelope,
  topicMatches,
  topics,
} from '@trading/contracts';
import { type BarColumns, type DecisionSink, ManualClock, type Money, SeededRandom, instrumentFor, timeframeMs } from '@trading/domain';
import type { SizingPolicy } from '@trading/risk-engine';
import type { FillModel, VenueBar } from '@trading/simulated-venue';
import { RiskHost } from '../risk.host';
import { StrategyHost } from '../strategy.host';
import { VenueHost } from '../venue.host';
import { barMessage } from './bar-messages';

export interface MessageKernelConfig {
  readonly feeds: readonly BarColumns[];
  readonly strategies: readonly StrategyRun[];
  readonly policy: SizingPolicy;
  readonly initialCash: Money;
  readonly fill: FillModel;
  readonly decisions: DecisionSink;
  readonly events?: readonly ScheduledCommand[];
  readonly seed?: number;
  /** Every message the strategies receive (bars and reports), in the order they receive it. */
  readonly onStrategyInput?: (envelope: Envelope) => void;
  /** Every message published, as it crossed the wire. */
  readonly onPublished?: (topic: string, envelope: Envelope) => void;
}

type Handler = (envelope: Envelope) => void;

export interface MessageKernelResult {
  readonly risk: RiskHost;
  readonly venue: VenueHost;
  /** Messages delivered, by type. */
  readonly delivered: Readonly<Record<string, number>>;
}

export function runMessageKernel(config: MessageKernelConfig): MessageKernelResult {
  const feeds = canonicalFeeds(config.feeds);
  const instruments = [...new Set(feeds.map((bars) => bars.symbol))].map((symbol) => instrumentFor(symbol));
  const subscribers: { pattern: string; handler: Handler }[] = [];
  const delivered: Record<string, number> = {};
  const publish = (topic: string, envelope: Envelope): void => {
    // Across the wire: what a consumer gets is what it decodes.
    const decoded = decodeEnvelope(encodeEnvelope(envelope), { routingKey: topic });
    if (!decoded.ok) throw new Error(`${envelope.type} on ${topic} does not decode: ${decoded.reason}`);
    const received = { ...decoded.value, payload: currentPayload(decoded.value, decoded.value.type as MessageType) };
    delivered[received.type] = (delivered[received.type] ?? 0) + 1;
    config.onPublished?.(topic, received);
    for (const { pattern, handler } of subscribers) if (topicMatches(pattern, topic)) handler(received);
  };
  const factory = (producer: string): MessageFactory => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(config.seed ?? 1), producer });
  const venue = new VenueHost({ instruments, fill: config.fill, initialCash: config.initialCash, factory: factory('order-execution'), publish, decisions: config.decisions });
  const risk = new RiskHost({ instruments, initialCash: config.initialCash, policy: config.policy, fill: config.fill, factory: factory('risk'), publish, decisions: config.decisions });
  const strategies = new StrategyHost({ strategies: config.strategies, factory: factory('strategy'), publish });
  const on = <T extends MessageType>(pattern: string, handler: (envelope: MessageEnvelope<T>) => void): void => {
    subscribers.push({ pattern, handler: handler as Handler });
  };
  on<'market.bar'>('market.bar.#', (e) => venue.onBar(e));
  on<'order.submit'>('order.submit.#', (e) => venue.onSubmit(e));
  on<'order.cancel'>('order.cancel.#', (e) => venue.onCancel(e));
  on<'market.bar'>('market.bar.#', (e) => risk.onBar(e));
  on<'signal'>('signal.#', (e) => risk.onSignal(e));
  on<'execution.report'>('execution.report.#', (e) => risk.onReport(e));
  on<'account.financing'>('account.financing.#', (e) => risk.onFinancing(e));
  on<'risk.command'>('risk.command', (e) => risk.onCommand(e));
  on<'market.bar'>('market.bar.#', (e) => {
    config.onStrategyInput?.(e);
    strategies.onBar(e);
  });
  on<'execution.report'>('execution.report.#', (e) => {
    config.onStrategyInput?.(e);
    strategies.onReport(e);
  });

  risk.desk.writeHeader(runHeader(config.strategies, feeds, config.fill, config));
  // A person's commands: no cause, ids from the clock and the seeded source, as in the backtest.
  const commandClock = new ManualClock(0);
  const commandIds = new UuidV7Generator(commandClock, new SeededRandom(config.seed ?? 1));
  const operator = new MessageFactory({ clock: commandClock, random: new SeededRandom(config.seed ?? 1), producer: 'operator' });
  const events = config.events ?? [];
  let nextEvent = 0;
  const commandsUpTo = (time: number): void => {
    for (; nextEvent < events.length && events[nextEvent].time <= time; nextEvent++) {
      const event = events[nextEvent];
      if (event.time > commandClock.now()) commandClock.set(event.time);
      const payload = event.kind === 'kill-switch' ? { action: 'kill' as const, requestedBy: 'operator', reason: event.reason } : { action: 'resume' as const, requestedBy: event.by, reason: 'resume' };
      publish(topics.riskCommand(), operator.create('risk.command', payload, { id: commandIds.next(), occurredAt: commandClock.now() }));
    }
  };

  // The replay: bars by close time, then symbol, then the finer timeframe.
  const barMs = feeds.map((bars) => timeframeMs(bars.timeframe));
  const cursor = new Int32Array(feeds.length);
  let lastTime = 0;
  for (;;) {
    let f = -1;
    let close = Number.POSITIVE_INFINITY;
    for (let g = 0; g < feeds.length; g++) {
      if (cursor[g] < feeds[g].length && feeds[g].time[cursor[g]] + barMs[g] < close) [f, close] = [g, feeds[g].time[cursor[g]] + barMs[g]];
    }
    commandsUpTo(f < 0 ? Number.POSITIVE_INFINITY : close - 1);
    if (f < 0) break;
    const bars = feeds[f];
    const i = cursor[f]++;
    publish(topics.marketBar(bars.timeframe, bars.symbol), barMessage(bars, i));
    lastTime = close;
  }

  // The end of the data: the venue cancels what is working and closes at each symbol's last bar.
  const lastBars: Record<string, VenueBar> = {};
  for (const bars of feeds) {
    const last = bars.length - 1;
    if (last >= 0) lastBars[bars.symbol] = { time: bars.time[last], open: bars.open[last], high: bars.high[last], low: bars.low[last], close: bars.close[last], spread: bars.spread[last] };
  }
  venue.closeOut(lastBars, lastTime);
  risk.settle(lastTime);
  return { risk, venue, delivered };
}
