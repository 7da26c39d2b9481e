// How the service treats what its queue brings beyond the happy path: a bar
// redelivered after its signal failed to go out, an old bar, bars it does not
// trade, the venue's reports, and a warm-up while market-data is down.
import { type Envelope, MessageFactory, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { barMessage } from '@trading/kernel-hosts/testing';
import { InProcessBus, type MessageBus } from '@trading/messaging';
import { sharedBars } from '@trading/strategies/testing';
import { readSharedBars, sharedData } from '@trading/test-support';
import { loadStrategyServiceConfig } from './strategy-service.config';
import { ColumnsBarHistory, eventually, FirstSignalRefused, startTestService, type TestService } from './testing';

const bars = sharedBars('eurusdH1');
const cut = 30_000;
const settings = loadStrategyServiceConfig('intraday', { STRATEGY_SYMBOLS: 'EURUSD' }).settings;

async function drained(bus: InProcessBus): Promise<void> {
  await eventually(() => bus.stats().every((queue) => queue.waiting === 0 && queue.inFlight === 0), 'the queues to drain');
}

async function feed(bus: MessageBus, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, i));
}

const venue = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(5), producer: 'order-execution' });

function report(strategy: string, executedAt: number, positionAfter: string): Envelope {
  return venue.create('execution.report', {
    clientOrderId: `order-${executedAt.toString(36)}`,
    brokerOrderId: 'paper-1',
    symbol: 'EURUSD',
    side: 'buy',
    orderSize: '0.5',
    filledSize: '0.5',
    averagePrice: '1.1',
    commission: '0',
    commissionCurrency: 'USD',
    executedAt,
    status: 'filled',
    strategy,
    lastFillSize: '0.5',
    lastFillPrice: '1.1',
    positionAfter,
  });
}

describe('strategy service: redeliveries, old bars and reports', () => {
  let bus: InProcessBus;
  let service: TestService;

  afterEach(async () => {
    await service.stop();
    await bus.close();
  });

  it('feeds a bar redelivered after its signal was refused only once, and sends the same signal again', async () => {
    const reference = new InProcessBus();
    const clean = await startTestService({ bus: reference, settings, history: new ColumnsBarHistory([bars]), now: bars.time[cut] });
    await clean.running.ready;
    await feed(reference, cut, cut + 400);
    await drained(reference);
    await clean.stop();
    await reference.close();

    bus = new InProcessBus();
    const flaky = new FirstSignalRefused(bus);
    service = await startTestService({ bus: flaky, settings, history: new ColumnsBarHistory([bars]), now: bars.time[cut] });
    await service.running.ready;
    await feed(flaky, cut, cut + 400);
    await drained(bus);

    expect(flaky.refused).toBe(1);
    expect(clean.signals).toHaveLength(10);
    expect(service.signals.map(({ id, payload }) => ({ id, payload }))).toEqual(clean.signals.map(({ id, payload }) => ({ id, payload })));
    expect(await service.metric('strategy_bars_handled_total', { symbol: 'EURUSD' })).toBe(400);
    expect(await service.metric('strategy_bars_skipped_total', { reason: 'redelivered' })).toBe(1);
    expect(await service.metric('strategy_signals_republished_total')).toBe(1);
    expect(await bus.takeDeadLetters(service.running.queue)).toEqual([]);
  });

  it('skips a bar not after the last one handled, and bars of a symbol or timeframe it does not trade', async () => {
    bus = new InProcessBus();
    service = await startTestService({ bus, settings, history: new ColumnsBarHistory([bars]), now: bars.time[cut] });
    await service.running.ready;
    await feed(bus, cut, cut + 100);
    // A bar the warm-up covered, another copy of a handled bar (a second producer's id), and foreign series.
    await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, cut - 1));
    const copy = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(9), producer: 'market-data' }).create('market.bar', barMessage(bars, cut + 50).payload);
    await bus.publish(topics.marketBar('H1', 'EURUSD'), copy);
    const gbpusd = readSharedBars(sharedData.fxH1_2025('GBPUSD'), 'GBPUSD', 'H1');
    await bus.publish(topics.marketBar('H1', 'GBPUSD'), barMessage(gbpusd, 0));
    const m15 = { ...barMessage(bars, cut + 100), payload: { ...barMessage(bars, cut + 100).payload, timeframe: 'M15' as const } };
    await bus.publish(topics.marketBar('M15', 'EURUSD'), m15);
    await feed(bus, cut + 100, cut + 200);
    await drained(bus);

    expect(await service.metric('strategy_bars_handled_total', { symbol: 'EURUSD' })).toBe(200);
    expect(await service.metric('strategy_bars_skipped_total', { reason: 'stale' })).toBe(2);
    expect(await service.metric('strategy_bars_skipped_total', { reason: 'not-traded' })).toBe(2);
    expect(await service.metric('strategy_last_bar_timestamp_seconds', { symbol: 'EURUSD' })).toBe((bars.time[cut + 199] + 3_600_000) / 1000);
  });

  it("takes its position from the venue's reports: its own, the newest, once", async () => {
    bus = new InProcessBus();
    service = await startTestService({ bus, settings, history: new ColumnsBarHistory([bars]), now: bars.time[cut] });
    await service.running.ready;
    // The first bar after cut-over that closes after the session (20:00 UTC): flat if it holds a position.
    let night = cut;
    while (new Date(bars.time[night] + 3_600_000).getUTCHours() !== 21) night++;
    await feed(bus, cut, night);
    const long = report('intraday', bars.time[night - 1], '0.5');
    await bus.publish(topics.executionReport('EURUSD'), long);
    await bus.publish(topics.executionReport('EURUSD'), long);
    await bus.publish(topics.executionReport('EURUSD'), report('intraday', bars.time[night - 2], '0'));
    await bus.publish(topics.executionReport('EURUSD'), report('swing', bars.time[night - 1], '0'));
    service.signals.length = 0;
    await feed(bus, night, night + 1);
    await drained(bus);

    expect(service.signals.map((signal) => signal.payload)).toEqual([
      expect.objectContaining({ strategy: 'intraday', symbol: 'EURUSD', barTime: bars.time[night], side: 'flat', parametersVersion: 'defaults', reason: expect.stringMatching(/^session over at 21\.00h UTC/) }),
    ]);
    expect(service.signals[0].causationId).toBe(barMessage(bars, night).id);
    for (const [outcome, count] of [['applied', 1], ['redelivered', 1], ['stale', 1], ['other-strategy', 1]] as const) {
      expect([outcome, await service.metric('strategy_reports_total', { outcome })]).toEqual([outcome, count]);
    }
  });
});

describe('strategy service warm-up', () => {
  it('stays not ready, consuming nothing, while market-data cannot answer, says why, and starts once it can', async () => {
    const bus = new InProcessBus();
    const history = new ColumnsBarHistory([bars]);
    history.failure = new Error('cannot reach market-data at http://market-data:9464/bars?symbol=EURUSD (connection refused)');
    const service = await startTestService({ bus, settings, history, now: bars.time[cut] });
    try {
      await eventually(async () => (await service.metric('strategy_warmup_failures_total')) >= 3, 'three failed attempts');
      expect(() => service.running.readinessCheck()).toThrow(/^warm-up failed \(attempt \d+\), no signal until it succeeds: cannot reach market-data at http:\/\/market-data:9464\/bars\?symbol=EURUSD \(connection refused\)$/);
      // No consumer yet: its queue does not even exist on the bus.
      expect(bus.stats().map((queue) => queue.queue)).toEqual(['test-strategy-intraday.signals']);
      expect(await service.metric('strategy_ready')).toBe(0);
      expect(service.logs.find((line) => line['message'] === 'warm-up failed: bar history unavailable, retrying')).toMatchObject({ level: 'warn', attempt: 1, error: history.failure.message });

      history.failure = undefined;
      await service.running.ready;
      expect(() => service.running.readinessCheck()).not.toThrow();
      expect(await service.metric('strategy_ready')).toBe(1);
      expect(await service.metric('strategy_warmup_bars', { symbol: 'EURUSD' })).toBe(2_040);
      expect(bus.stats().map((queue) => queue.queue)).toContain('strategy-intraday.bars');
    } finally {
      await service.stop();
      await bus.close();
    }
  });

  it('stops at once while retrying', async () => {
    const bus = new InProcessBus();
    const history = new ColumnsBarHistory([bars]);
    history.failure = new Error('market-data answered 503');
    const service = await startTestService({ bus, settings, history, now: bars.time[cut], overrides: { retry: { firstDelayMs: 60_000, maxDelayMs: 60_000 } } });
    await eventually(async () => (await service.metric('strategy_warmup_failures_total')) === 1, 'the first failure');
    await service.stop();
    await expect(service.running.ready).rejects.toThrow('intraday stopped');
    expect(() => service.running.readinessCheck()).toThrow('stopped');
    await bus.close();
  });

  it('reads only closed bars, walking back in windows until it has enough or history runs out', async () => {
    const bus = new InProcessBus();
    const history = new ColumnsBarHistory([bars]);
    // In the middle of a bar: the one that started at 45,000 is still forming.
    const at = 45_000;
    const service = await startTestService({ bus, settings: { ...settings, warmupBars: 40_000 }, history, now: bars.time[at] + 1_800_000 });
    try {
      await service.running.ready;
      expect(await service.metric('strategy_warmup_bars', { symbol: 'EURUSD' })).toBe(40_000);
      // 50,000 hours hold about 35,000 bars: a second window, just before the first.
      expect(history.requests.map(({ from, to }) => [to - from, to])).toEqual([
        [50_000 * 3_600_000, bars.time[at] + 1_800_000],
        [50_000 * 3_600_000, bars.time[at] + 1_800_000 - 50_000 * 3_600_000],
      ]);
      await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, at));
      await drained(bus);
      expect(await service.metric('strategy_bars_handled_total', { symbol: 'EURUSD' })).toBe(1);
    } finally {
      await service.stop();
      await bus.close();
    }

    const young = new ColumnsBarHistory([bars]);
    const earlyBus = new InProcessBus();
    const early = await startTestService({ bus: earlyBus, settings: { ...settings, warmupBars: 9_000 }, history: young, now: bars.time[3_000] });
    try {
      await early.running.ready;
      expect(await early.metric('strategy_warmup_bars', { symbol: 'EURUSD' })).toBe(3_000);
      expect(young.requests).toHaveLength(2);
    } finally {
      await early.stop();
      await earlyBus.close();
    }
  });
});
