import { CausalBarrier, type LockstepConsumer } from './causal-barrier';

const consumers: LockstepConsumer[] = [
  { queue: 'order-execution.orders', bindings: ['order.submit.*', 'market.bar.*.*'] },
  { queue: 'risk.inbox', bindings: ['signal.*.*', 'execution.report.*', 'market.bar.*.*', 'flow.release'] },
  { queue: 'strategy-swing.bars', bindings: ['market.bar.*.*', 'execution.report.*'] },
];
const id = (n: number): string => `0190e4c2-1a00-7000-8000-${String(n).padStart(12, '0')}`;
const receipt = (consumer: string, messageId: string, produced: string[] = [], held = 0) => ({ consumer, messageId, produced, held });

describe('the lockstep barrier follows a bar to the end of its causation chain', () => {
  it('settles only when every consumer a message is routed to has handled it and everything that produced', () => {
    const barrier = new CausalBarrier(consumers);
    barrier.published(id(1), 'market.bar.H1.EURUSD');
    expect(barrier.settled()).toBe(false);
    barrier.handled(receipt('order-execution.orders', id(1), [id(2)]));
    barrier.handled(receipt('strategy-swing.bars', id(1), [id(3)]));
    barrier.handled(receipt('risk.inbox', id(1)));
    // The venue's report and the swing signal are owed but not on the bus yet.
    expect(barrier.settled()).toBe(false);
    expect(barrier.describe()).toBe(`${id(2)} was produced but never seen on the bus; ${id(3)} was produced but never seen on the bus`);
    barrier.published(id(2), 'execution.report.EURUSD');
    barrier.published(id(3), 'signal.swing.EURUSD');
    expect(barrier.describe()).toBe(`${id(2)} awaits risk.inbox, strategy-swing.bars; ${id(3)} awaits risk.inbox`);
    barrier.handled(receipt('risk.inbox', id(2)));
    barrier.handled(receipt('strategy-swing.bars', id(2)));
    expect(barrier.settled()).toBe(false);
    barrier.handled(receipt('risk.inbox', id(3), [id(4)]));
    expect(barrier.settled()).toBe(false);
    barrier.published(id(4), 'order.submit.EURUSD');
    barrier.handled(receipt('order-execution.orders', id(4)));
    expect(barrier.settled()).toBe(true);
  });

  it('accepts a receipt before the tap sees its message, and a message nobody in the run consumes', () => {
    const barrier = new CausalBarrier(consumers);
    barrier.handled(receipt('risk.inbox', id(7)));
    expect(barrier.settled()).toBe(false);
    expect(barrier.describe()).toBe(`risk.inbox handled ${id(7)}, never seen on the bus`);
    barrier.published(id(7), 'signal.intraday.GBPUSD');
    expect(barrier.settled()).toBe(true);
    barrier.published(id(8), 'risk.decision.GBPUSD');
    expect(barrier.settled()).toBe(true);
  });

  it('ignores a duplicate receipt and a message the tap sees twice', () => {
    const barrier = new CausalBarrier(consumers);
    barrier.published(id(1), 'signal.swing.EURUSD');
    barrier.handled(receipt('risk.inbox', id(1)));
    barrier.handled(receipt('risk.inbox', id(1)));
    barrier.published(id(1), 'signal.swing.EURUSD');
    expect(barrier.settled()).toBe(true);
  });

  it("reports which consumer holds messages for a release, from each consumer's latest receipt", () => {
    const barrier = new CausalBarrier(consumers);
    barrier.published(id(1), 'market.bar.H1.EURUSD');
    barrier.handled(receipt('risk.inbox', id(1), [], 1));
    expect(barrier.holding()).toEqual(['risk.inbox']);
    barrier.published(id(2), 'flow.release');
    barrier.handled(receipt('risk.inbox', id(2), [], 0));
    expect(barrier.holding()).toEqual([]);
  });

  it('names what a stuck step still owes, and refuses a consumer listed twice', () => {
    const barrier = new CausalBarrier(consumers);
    barrier.published(id(1), 'market.bar.H1.EURUSD');
    expect(barrier.describe()).toBe(`${id(1)} awaits order-execution.orders, risk.inbox, strategy-swing.bars`);
    expect(() => new CausalBarrier([consumers[0], consumers[0]])).toThrow('lockstep consumer order-execution.orders is listed twice');
  });
});
