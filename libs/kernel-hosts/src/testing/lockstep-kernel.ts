// The kernel run the way the services run it in a lockstep replay: every
// consumer has its own queue, and messages reach the queues' heads in an
// order chosen by a seeded scheduler — a bar may reach risk before the venue
// has filled anything on it, the swing signal before the intraday one — as
// they may across processes. Risk and each strategy (a service of its own)
// hold what a step brings them; when nothing else is in flight the replay
// releases the strategies, then risk, as its barrier does. The parity spec
// runs it to show that holding and the canonical release order give back the
// backtest's decision log whatever the arrival order.
import { type StrategyRun, canonicalFeeds, runHeader } from '@trading/backtest';
import { type Envelope, type MessageEnvelope, type MessageType, MessageFactory, currentPayload, decodeEnvelope, encodeEnvelope, topicMatches } from '@trading/contracts';
import { ManualClock, SeededRandom, instrumentFor } from '@trading/domain';
import { HeldInputs } from '../held-inputs';
import { RiskHost } from '../risk.host';
import { StrategyHost } from '../strategy.host';
import { VenueHost } from '../venue.host';
import type { MessageKernelConfig, MessageKernelResult } from './message-kernel';
import { endOfReplay, replaySteps } from './replay-steps';

export interface LockstepKernelConfig extends MessageKernelConfig {
  /** Seeds the order in which queues deliver. */
  readonly scheduleSeed: number;
}

export interface LockstepKernelResult extends MessageKernelResult {
  /** Releases sent to holding consumers. */
  readonly releases: number;
}

interface Consumer {
  readonly name: string;
  readonly bindings: readonly string[];
  readonly queue: Envelope[];
  readonly topics: string[];
  deliver(envelope: Envelope, topic: string): void;
  /** Holders only: handles what it holds, in canonical order. */
  release?(): void;
  held?(): number;
}

export function runLockstepKernel(config: LockstepKernelConfig): LockstepKernelResult {
  const feeds = canonicalFeeds(config.feeds);
  const instruments = [...new Set(feeds.map((bars) => bars.symbol))].map((symbol) => instrumentFor(symbol));
  const consumers: Consumer[] = [];
  const delivered: Record<string, number> = {};
  const publish = (topic: string, envelope: Envelope): void => {
    const decoded = decodeEnvelope(encodeEnvelope(envelope), { routingKey: topic });
    if (!decoded.ok) throw new Error(`${envelope.type} on ${topic} does not decode: ${decoded.reason}`);
    const received = { ...decoded.value, payload: currentPayload(decoded.value, decoded.value.type as MessageType) };
    delivered[received.type] = (delivered[received.type] ?? 0) + 1;
    for (const consumer of consumers) {
      if (!consumer.bindings.some((pattern) => topicMatches(pattern, topic))) continue;
      consumer.queue.push(received);
      consumer.topics.push(topic);
    }
  };
  const factory = (producer: string): MessageFactory => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(config.seed ?? 1), producer });
  const venue = new VenueHost({ instruments, fill: config.fill, initialCash: config.initialCash, factory: factory('order-execution'), publish });
  const risk = new RiskHost({ instruments, initialCash: config.initialCash, policy: config.policy, fill: config.fill, factory: factory('risk'), publish, decisions: config.decisions });
  const as = <T extends MessageType>(envelope: Envelope) => envelope as MessageEnvelope<T>;

  const consumer = (name: string, bindings: readonly string[], deliver: Consumer['deliver']): Consumer => {
    const entry: Consumer = { name, bindings, queue: [], topics: [], deliver };
    consumers.push(entry);
    return entry;
  };
  const holder = (name: string, bindings: readonly string[], handle: (envelope: Envelope) => void): Consumer => {
    const held = new HeldInputs();
    const entry = consumer(name, bindings, (envelope) => void held.hold(envelope));
    entry.release = () => {
      for (const envelope of held.release()) handle(envelope);
    };
    entry.held = () => held.size;
    return entry;
  };

  consumer('order-execution.orders', ['market.bar.#', 'order.submit.#', 'order.cancel.#', 'flow.end'], (envelope) => {
    if (envelope.type === 'market.bar') venue.onBar(as<'market.bar'>(envelope));
    else if (envelope.type === 'flow.end') venue.onEnd(as<'flow.end'>(envelope));
    else if (envelope.type === 'order.submit') venue.onSubmit(as<'order.submit'>(envelope));
    else venue.onCancel(as<'order.cancel'>(envelope));
  });
  // One strategy service per strategy, each with its own host, as deployed.
  const strategyServices = config.strategies.map((run: StrategyRun) => {
    const host = new StrategyHost({ strategies: [run], factory: factory('strategy'), publish });
    return holder(`strategy-${run.definition.name}.bars`, ['market.bar.#', 'execution.report.#'], (envelope) => {
      if (envelope.type === 'market.bar') host.onBar(as<'market.bar'>(envelope));
      else host.onReport(as<'execution.report'>(envelope));
    });
  });
  const riskService = holder('risk.inbox', ['market.bar.#', 'signal.#', 'execution.report.#', 'account.financing.#', 'account.margin-call', 'risk.command', 'flow.end'], (envelope) => {
    switch (envelope.type) {
      case 'market.bar':
        return risk.onBar(as<'market.bar'>(envelope));
      case 'signal':
        return risk.onSignal(as<'signal'>(envelope));
      case 'execution.report':
        return risk.onReport(as<'execution.report'>(envelope));
      case 'account.financing':
        return risk.onFinancing(as<'account.financing'>(envelope));
      case 'account.margin-call':
        return risk.onMarginCall(as<'account.margin-call'>(envelope));
      case 'flow.end':
        return risk.onEnd(as<'flow.end'>(envelope));
      default:
        return risk.onCommand(as<'risk.command'>(envelope));
    }
  });

  const scheduler = new SeededRandom(config.scheduleSeed);
  /** Delivers queued messages, the head of a randomly chosen non-empty queue each time, until every queue is empty. */
  const drain = (): void => {
    for (;;) {
      const ready = consumers.filter((entry) => entry.queue.length > 0);
      if (ready.length === 0) return;
      const entry = ready[Math.floor(scheduler.nextFloat() * ready.length)];
      const envelope = entry.queue.shift() as Envelope;
      entry.deliver(envelope, entry.topics.shift() as string);
    }
  };
  let releases = 0;
  const releaseOrder = [...strategyServices, riskService];

  risk.desk.writeHeader(runHeader(config.strategies, feeds, config.fill, config));
  for (const step of replaySteps(feeds, config.events ?? [], config.seed ?? 1)) {
    publish(step.topic, step.envelope);
    drain();
    while (releaseOrder.some((entry) => (entry.held?.() ?? 0) > 0)) {
      for (const entry of releaseOrder) {
        if ((entry.held?.() ?? 0) === 0) continue;
        releases++;
        entry.release?.();
        drain();
      }
    }
  }
  const end = endOfReplay(feeds, config.seed ?? 1);
  publish(end.topic, end.envelope);
  drain();
  while (releaseOrder.some((entry) => (entry.held?.() ?? 0) > 0)) {
    for (const entry of releaseOrder) {
      releases++;
      entry.release?.();
      drain();
    }
  }
  return { risk, venue, delivered, releases };
}
