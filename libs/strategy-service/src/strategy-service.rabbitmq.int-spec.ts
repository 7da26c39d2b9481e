// The strategy service on a real RabbitMQ broker (a vhost of its own, so its
// fixed queue name meets no other run): bars published on market.bar.H1.EURUSD
// come back as signals on signal.intraday.EURUSD, the same as on the
// in-process bus; a bar delivered again — a duplicate from its producer, or a
// redelivery after a signal the broker refused — moves no indicator twice.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Envelope, topics } from '@trading/contracts';
import { barMessage } from '@trading/kernel-hosts/testing';
import { InProcessBus, type MessageBus } from '@trading/messaging';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import { sharedBars } from '@trading/strategies/testing';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { loadStrategyServiceConfig } from './strategy-service.config';
import { ColumnsBarHistory, eventually, FirstSignalRefused, startTestService, type TestService } from './testing';

const run = promisify(execFile);
const bars = sharedBars('eurusdH1');
const cut = 30_000;
const count = 600;
const settings = loadStrategyServiceConfig('intraday', { STRATEGY_SYMBOLS: 'EURUSD' }).settings;
const idsAndPayloads = (signals: readonly Envelope[]) => signals.map(({ id, payload }) => ({ id, payload }));

describeWithServers(['rabbitmq'], 'strategy-intraday on RabbitMQ', () => {
  const vhost = `t-strategy-${process.pid}-${process.hrtime.bigint().toString(36)}`;
  let url: string;
  let expected: Envelope[];

  beforeAll(async () => {
    await run('rabbitmqctl', ['add_vhost', vhost, '-q']);
    await run('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*', '-q']);
    const base = new URL(testServerUrl('rabbitmq'));
    base.pathname = `/${encodeURIComponent(vhost)}`;
    url = base.toString();
    // The same bars through the in-process bus: what the broker must not change.
    const bus = new InProcessBus();
    const reference = await startTestService({ bus, settings, history: new ColumnsBarHistory([bars]), now: bars.time[cut] });
    await reference.running.ready;
    for (let i = cut; i < cut + count; i++) await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, i));
    await eventually(() => bus.stats().every((queue) => queue.waiting === 0 && queue.inFlight === 0), 'the reference run');
    expected = reference.signals;
    await reference.stop();
    await bus.close();
  }, 60_000);

  afterAll(async () => {
    await run('rabbitmqctl', ['delete_vhost', vhost, '-q']).catch(() => undefined);
  });

  async function connect(name: string): Promise<RabbitMqBus> {
    return RabbitMqBus.connect({ url, connectionName: name, logger: { warn: () => undefined } });
  }

  async function runOn(serviceBus: MessageBus, publish: (i: number) => Promise<void>): Promise<TestService> {
    const service = await startTestService({ bus: serviceBus, settings, history: new ColumnsBarHistory([bars]), now: bars.time[cut], tapQueue: `${vhost}.signals` });
    await service.running.ready;
    for (let i = cut; i < cut + count; i++) await publish(i);
    await eventually(async () => (await service.metric('strategy_bars_handled_total', { symbol: 'EURUSD' })) === count && service.signals.length >= expected.length, 'every bar handled and every signal back', 60_000);
    return service;
  }

  it('turns bars published on market.bar.H1.EURUSD into the signals on signal.intraday.EURUSD the in-process run gives', async () => {
    const publisher = await connect(`${vhost}-market-data`);
    const serviceBus = await connect(`${vhost}-strategy`);
    let service: TestService | undefined;
    try {
      service = await runOn(serviceBus, (i) => publisher.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, i)));
      expect(expected.length).toBeGreaterThan(5);
      expect(idsAndPayloads(service.signals)).toEqual(idsAndPayloads(expected));
      expect(await service.metric('strategy_bars_skipped_total', { reason: 'redelivered' })).toBe(0);
    } finally {
      await service?.stop();
      await serviceBus.close();
      await publisher.close();
    }
  }, 120_000);

  it('moves no indicator twice for a bar published twice, or redelivered after its signal was refused', async () => {
    const publisher = await connect(`${vhost}-market-data-2`);
    const rabbit = await connect(`${vhost}-strategy-2`);
    const serviceBus = new FirstSignalRefused(rabbit);
    let service: TestService | undefined;
    try {
      service = await runOn(serviceBus, async (i) => {
        await publisher.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, i));
        // Every tenth bar twice, as a producer that retried after a lost confirm would.
        if (i % 10 === 0) await publisher.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, i));
      });
      await eventually(async () => (await service?.metric('strategy_bars_skipped_total', { reason: 'redelivered' })) === count / 10 + 1, 'the duplicates and the redelivery', 30_000);
      expect(serviceBus.refused).toBe(1);
      expect(await service.metric('strategy_bars_handled_total', { symbol: 'EURUSD' })).toBe(count);
      // Duplicates of bars that had a signal send it again, same id: risk's inbox drops the copy.
      // The redelivery resent the refused signal, which had never got out: one republish that is no copy.
      const unique = service.signals.filter((signal, k) => service?.signals.findIndex((other) => other.id === signal.id) === k);
      expect(idsAndPayloads(unique)).toEqual(idsAndPayloads(expected));
      expect(service.signals.length - unique.length).toBe((await service.metric('strategy_signals_republished_total')) - 1);
      expect(await rabbit.takeDeadLetters(service.running.queue)).toEqual([]);
    } finally {
      await service?.stop();
      await rabbit.close();
      await publisher.close();
    }
  }, 120_000);
});
