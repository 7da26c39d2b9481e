import { type Envelope, MessageFactory, parseRoutePattern, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import { busReceipts } from './handled-receipts';
import { LockstepCoordinator } from './lockstep-coordinator';
import { replayToyChain, TOY_CONSUMERS, toyBar } from './lockstep.fixtures';

const factory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(9), producer: 'lockstep-spec' });

describe('the lockstep coordinator on the in-process bus', () => {
  it("releases each bar only after its whole causation chain, so the holding consumer sees every step's messages in canonical order", async () => {
    const bus = new InProcessBus();
    try {
      const { handled, counts } = await replayToyChain(bus, 'lockstep', 5);
      // Per bar: the venue's report, then the bar, then the strategy's signal — whatever order they arrived in.
      expect(handled).toEqual(Array.from({ length: 5 }, () => ['execution.report', 'market.bar', 'signal']).flat());
      // One release per bar: the orders the release sent are taken by the venue, which holds nothing.
      expect(counts).toEqual({ steps: 5, releases: 5 });
    } finally {
      await bus.close();
    }
  });

  it('fails a step that never settles, naming what is owed', async () => {
    const bus = new InProcessBus();
    const coordinator = await LockstepCoordinator.start({ bus, consumers: TOY_CONSUMERS('stuck'), queue: 'stuck.tap', factory, stepTimeoutMs: 200 });
    try {
      const bar = toyBar(factory, Date.UTC(2025, 0, 6));
      await expect(
        coordinator.step(bar.occurredAt, async () => {
          await bus.publish(topics.marketBar('H1', 'EURUSD'), bar);
          return [bar.id];
        }),
      ).rejects.toThrow(`lockstep step 1: nothing moved for 200 ms: ${bar.id} awaits stuck.venue, stuck.strategy, stuck.risk`);
    } finally {
      await coordinator.stop();
      await bus.close();
    }
  });

  it('ends a step still waiting when it is stopped, at once rather than after the step timeout', async () => {
    const bus = new InProcessBus();
    // Ten minutes: were the stop to leave the wait (and its timer) in place, the spec would time out.
    const coordinator = await LockstepCoordinator.start({ bus, consumers: TOY_CONSUMERS('orphaned'), queue: 'orphaned.tap', factory, stepTimeoutMs: 600_000 });
    try {
      const bar = toyBar(factory, Date.UTC(2025, 0, 6));
      let published!: () => void;
      const sent = new Promise<void>((done) => (published = done));
      const step = coordinator.step(bar.occurredAt, async () => {
        await bus.publish(topics.marketBar('H1', 'EURUSD'), bar);
        published();
        return [bar.id];
      });
      await sent;
      await coordinator.stop();
      await expect(step).rejects.toThrow('lockstep step 1: the coordinator stopped before the step settled');
    } finally {
      await bus.close();
    }
  });

  it('releases the holders of one tier together, and the next tier only once their chains have ended', async () => {
    const bus = new InProcessBus();
    const receipts = busReceipts(bus, factory);
    // Each of a and b lets go of its bar only once both have been released: released one at a time, the step never settles.
    const released = new Set<string>();
    const waiters: (() => void)[] = [];
    const order: string[] = [];
    const holder = (queue: string) => {
      let held: Envelope[] = [];
      return bus.consume({
        queue,
        bindings: [parseRoutePattern('market.bar.*.*'), parseRoutePattern('flow.release')],
        temporary: true,
        handler: async ({ envelope }) => {
          if (envelope.type === 'market.bar') held.push(envelope);
          else {
            const { consumer } = envelope.payload as { consumer: string };
            released.add(consumer);
            waiters.splice(0).forEach((wake) => wake());
            if (consumer === queue) {
              while (!(released.has('t.a') && released.has('t.b'))) await new Promise<void>((wake) => waiters.push(wake));
              order.push(queue);
              held = [];
            }
          }
          await receipts.send(queue, envelope, [], held.length);
        },
      });
    };
    const handles = [await holder('t.a'), await holder('t.b'), await holder('t.risk')];
    const consumers = ['t.a', 't.b', 't.risk'].map((queue) => ({ queue, bindings: ['market.bar.*.*', 'flow.release'] }));
    const coordinator = await LockstepCoordinator.start({ bus, consumers, queue: 't.tap', factory, releaseOrder: [['t.a', 't.b'], 't.risk'], stepTimeoutMs: 5_000 });
    try {
      const bar = toyBar(factory, Date.UTC(2025, 0, 6));
      await coordinator.step(bar.occurredAt, async () => {
        await bus.publish(topics.marketBar('H1', 'EURUSD'), bar);
        return [bar.id];
      });
      // risk's release came after both of the tier had let go.
      expect(order.slice(0, 2).sort()).toEqual(['t.a', 't.b']);
      expect(order[2]).toBe('t.risk');
      expect(coordinator.counts()).toEqual({ steps: 1, releases: 3 });
    } finally {
      await coordinator.stop();
      await Promise.all(handles.map((handle) => handle.cancel()));
      await bus.close();
    }
  });
});
