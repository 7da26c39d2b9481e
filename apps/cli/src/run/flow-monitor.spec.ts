import { topics } from '@trading/contracts';
import { barMessage } from '@trading/kernel-hosts/testing';
import { InProcessBus } from '@trading/messaging';
import { readSharedBars, sharedData } from '@trading/test-support';
import { FlowMonitor } from './flow-monitor';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("the run's flow monitor", () => {
  const eurusd = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');
  const gbpusd = readSharedBars(sharedData.fxH1_2025('GBPUSD'), 'GBPUSD', 'H1');

  it('tells once, on the message that brings the bars consumed over all symbols to the count', async () => {
    const bus = new InProcessBus();
    const monitor = new FlowMonitor('run-spec.monitor');
    await monitor.start(bus);
    const told: number[] = [];
    const consumed = (): number => monitor.symbols().reduce((sum, symbol) => sum + monitor.flow(symbol).barsConsumed, 0);
    monitor.onceBarsConsumed(3, () => told.push(consumed()));
    await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(eurusd, 0));
    await bus.publish(topics.marketBar('H1', 'GBPUSD'), barMessage(gbpusd, 0));
    await settle();
    expect(told).toEqual([]);
    for (let i = 1; i < 4; i++) await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(eurusd, i));
    await settle();
    expect(told).toEqual([3]);
    expect(consumed()).toBe(5);
    // Asked when the count is already reached, it tells at once.
    monitor.onceBarsConsumed(1, () => told.push(-1));
    expect(told).toEqual([3, -1]);
    await monitor.stop();
    await bus.close();
  });
});
