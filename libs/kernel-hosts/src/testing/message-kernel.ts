// The kernel run message by message, in one process, for the parity spec: a
// replay publishes each bar (in the backtest's canonical order) as a
// market.bar envelope; every envelope crosses the wire (encoded, decoded and
// validated, older versions upgraded) and is delivered to its subscribers at
// once, before its publisher goes on. Subscribers of a bar are, in order, the
// venue, the risk desk and the strategies: the causal order a lockstep run of
// the services keeps.
import { type StrategyRun, type ScheduledCommand, canonicalFeeds, runHeader } from '@trading/backtest';
import { type Envelope, type MessageEnvelope, type MessageType, MessageFactory, currentPayload, decodeEnvelope, encodeEnvelope, topicMatches } from '@trading/contracts';
import { type BarColumns, type DecisionSink, ManualClock, type Money, SeededRandom, instrumentFor } from '@trading/domain';
import type { SizingPolicy } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { RiskHost } from '../risk.host';
import { StrategyHost } from '../strategy.host';
import { VenueHost } from '../venue.host';
import { endOfReplay, replaySteps } from './replay-steps';

export interface MessageKernelConfig {
  readonly feeds: readonly BarColumns[];
  readonly strategies: readonly StrategyRun[];
  readonly policy: SizingPolicy;
  readonly initialCash: Money;
  readonly fill: FillModel;
  readonly decisions: DecisionSink;
  readonly events?: readonly ScheduledCommand[];
  readonly seed?: number;
  /** Sees every message as its consumers get it (a run's monitor). */
  readonly tap?: (topic: string, envelope: Envelope) => void;
  /** Sees each message as it is handed to a subscriber (`venue`, `risk` or `strategy`), in handling order. */
  readonly observe?: (subscriber: 'venue' | 'risk' | 'strategy', envelope: Envelope) => void;
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
  const subscribers: { pattern: string; handler: Handler; name: 'venue' | 'risk' | 'strategy' }[] = [];
  const observe = config.observe;
  const delivered: Record<string, number> = {};
  const publish = (topic: string, envelope: Envelope): void => {
    // Across the wire: what a consumer gets is what it decodes.
    const decoded = decodeEnvelope(encodeEnvelope(envelope), { routingKey: topic });
    if (!decoded.ok) throw new Error(`${envelope.type} on ${topic} does not decode: ${decoded.reason}`);
    const received = { ...decoded.value, payload: currentPayload(decoded.value, decoded.value.type as MessageType) };
    delivered[received.type] = (delivered[received.type] ?? 0) + 1;
    config.tap?.(topic, received);
    for (const { pattern, handler, name } of subscribers) {
      if (!topicMatches(pattern, topic)) continue;
      observe?.(name, received);
      handler(received);
    }
  };
  const factory = (producer: string): MessageFactory => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(config.seed ?? 1), producer });
  // The venue keeps no log of its own: risk writes its lines from the reports, as the services do.
  const venue = new VenueHost({ instruments, fill: config.fill, initialCash: config.initialCash, factory: factory('order-execution'), publish });
  const risk = new RiskHost({ instruments, initialCash: config.initialCash, policy: config.policy, fill: config.fill, factory: factory('risk'), publish, decisions: config.decisions });
  const strategies = new StrategyHost({ strategies: config.strategies, factory: factory('strategy'), publish });
  const on = <T extends MessageType>(name: 'venue' | 'risk' | 'strategy', pattern: string, handler: (envelope: MessageEnvelope<T>) => void): void => {
    subscribers.push({ pattern, handler: handler as Handler, name });
  };
  on<'market.bar'>('venue', 'market.bar.#', (e) => venue.onBar(e));
  on<'order.submit'>('venue', 'order.submit.#', (e) => venue.onSubmit(e));
  on<'order.cancel'>('venue', 'order.cancel.#', (e) => venue.onCancel(e));
  on<'market.bar'>('risk', 'market.bar.#', (e) => risk.onBar(e));
  on<'signal'>('risk', 'signal.#', (e) => risk.onSignal(e));
  on<'execution.report'>('risk', 'execution.report.#', (e) => risk.onReport(e));
  on<'account.financing'>('risk', 'account.financing.#', (e) => risk.onFinancing(e));
  on<'account.margin-call'>('risk', 'account.margin-call', (e) => risk.onMarginCall(e));
  on<'risk.command'>('risk', 'risk.command', (e) => risk.onCommand(e));
  on<'flow.end'>('venue', 'flow.end', (e) => venue.onEnd(e));
  on<'flow.end'>('risk', 'flow.end', (e) => risk.onEnd(e));
  on<'market.bar'>('strategy', 'market.bar.#', (e) => strategies.onBar(e));
  on<'execution.report'>('strategy', 'execution.report.#', (e) => strategies.onReport(e));

  risk.desk.writeHeader(runHeader(config.strategies, feeds, config.fill, config));
  for (const step of replaySteps(feeds, config.events ?? [], config.seed ?? 1)) publish(step.topic, step.envelope);

  // The end of the data: the venue cancels what is working and closes at each symbol's last bar, then risk settles.
  const end = endOfReplay(feeds, config.seed ?? 1);
  publish(end.topic, end.envelope);
  return { risk, venue, delivered };
}
