// The message kernel's other parts as bus consumers of a lockstep replay, for
// the risk service's lockstep spec: the venue (the kernel's VenueHost, which
// also answers the risk service's snapshot request) and one holding service
// per strategy (StrategyHost behind HeldInputs), each on its own queue, each
// sending its flow.handled receipts, as their services would.
import { type StrategyRun } from '@trading/backtest';
import { derivedId, type Envelope, type MessageEnvelope, MessageFactory, parseRoutePattern, type Topic, topics } from '@trading/contracts';
import { type Instrument, ManualClock, type Money, SeededRandom } from '@trading/domain';
import { HeldInputs, StrategyHost, VenueHost } from '@trading/kernel-hosts';
import type { ConsumerHandle, MessageBus } from '@trading/messaging';
import { busReceipts, type LockstepConsumer } from '@trading/runtime';
import type { FillModel } from '@trading/simulated-venue';

export const VENUE_QUEUE: LockstepConsumer = { queue: 'order-execution.orders', bindings: ['market.bar.*.*', 'order.submit.*', 'order.cancel.*', 'venue.snapshot-request', 'flow.end'] };

export function strategyQueue(run: StrategyRun): LockstepConsumer {
  return { queue: `strategy-${run.definition.name}.bars`, bindings: ['market.bar.*.*', 'execution.report.*', 'flow.release'] };
}

export interface LockstepPeersOptions {
  readonly bus: MessageBus;
  readonly instruments: readonly Instrument[];
  readonly strategies: readonly StrategyRun[];
  readonly fill: FillModel;
  readonly initialCash: Money;
}

export async function startLockstepPeers(options: LockstepPeersOptions): Promise<{ stop: () => Promise<void> }> {
  const { bus } = options;
  const factory = (producer: string) => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer });
  const receipts = busReceipts(bus, factory('lockstep-peers'));
  const handles: ConsumerHandle[] = [];
  /** Consumes `consumer`'s queue: `handle` fills `out` with what it publishes, sent before the receipt. */
  const consume = async (consumer: LockstepConsumer, handle: (envelope: Envelope, out: Array<[string, Envelope]>) => number) => {
    handles.push(
      await bus.consume({
        queue: consumer.queue,
        bindings: consumer.bindings.map(parseRoutePattern),
        singleActiveConsumer: true,
        handler: async ({ envelope }) => {
          const out: Array<[string, Envelope]> = [];
          const held = handle(envelope, out);
          for (const [topic, produced] of out) await bus.publish(topic as Topic, produced);
          await receipts.send(consumer.queue, envelope, out.map(([, produced]) => produced), held);
        },
      }),
    );
  };
  const as = <T extends 'market.bar' | 'order.submit' | 'order.cancel' | 'flow.end' | 'execution.report'>(envelope: Envelope) => envelope as MessageEnvelope<T>;

  let venueOut: Array<[string, Envelope]> = [];
  const venue = new VenueHost({ instruments: options.instruments, fill: options.fill, initialCash: options.initialCash, factory: factory('order-execution'), publish: (topic, envelope) => venueOut.push([topic, envelope]) });
  await consume(VENUE_QUEUE, (envelope, out) => {
    venueOut = out;
    if (envelope.type === 'market.bar') venue.onBar(as<'market.bar'>(envelope));
    else if (envelope.type === 'order.submit') venue.onSubmit(as<'order.submit'>(envelope));
    else if (envelope.type === 'order.cancel') venue.onCancel(as<'order.cancel'>(envelope));
    else if (envelope.type === 'flow.end') venue.onEnd(as<'flow.end'>(envelope));
    else {
      const view = venue.view();
      const snapshot = factory('order-execution').create(
        'venue.snapshot',
        { venue: 'paper', requestId: envelope.id, ...view },
        { id: derivedId(envelope.id, 'order-execution/venue.snapshot', view.takenAt), occurredAt: view.takenAt, causedBy: envelope },
      );
      out.push([topics.venueSnapshot(), snapshot]);
    }
    return 0;
  });

  for (const run of options.strategies) {
    const consumer = strategyQueue(run);
    let strategyOut: Array<[string, Envelope]> = [];
    const host = new StrategyHost({ strategies: [run], factory: factory('strategy'), publish: (topic, envelope) => strategyOut.push([topic, envelope]) });
    const held = new HeldInputs();
    await consume(consumer, (envelope, out) => {
      strategyOut = out;
      if (envelope.type !== 'flow.release') return held.hold(envelope);
      if ((envelope.payload as { consumer: string }).consumer !== consumer.queue) return held.size;
      for (const message of held.release()) {
        if (message.type === 'market.bar') host.onBar(as<'market.bar'>(message));
        else host.onReport(as<'execution.report'>(message));
      }
      return 0;
    });
  }
  return {
    stop: async () => {
      for (const handle of handles.splice(0)) await handle.cancel();
    },
  };
}
