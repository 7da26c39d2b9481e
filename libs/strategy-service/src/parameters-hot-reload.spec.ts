// Promoted parameters reach a running strategy at its next bar, and every
// later signal names them; parameters outside the strategy's space are
// dead-lettered with the parameter named, and change nothing.
import { type Envelope, MessageFactory, type StrategyParametersPromoted, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { barMessage } from '@trading/kernel-hosts/testing';
import { InProcessBus } from '@trading/messaging';
import { sharedBars } from '@trading/strategies/testing';
import { loadStrategyServiceConfig } from './strategy-service.config';
import { ColumnsBarHistory, eventually, startTestService, type TestService } from './testing';

const bars = sharedBars('eurusdH1');
const cut = 30_000;
const change = cut + 500;
const end = cut + 3_000;
const tuned = { fastPeriod: 12, slowPeriod: 36, adxMin: 24, stopAtr: 2 };
const optimizer = new MessageFactory({ clock: new ManualClock(bars.time[change]), random: new SeededRandom(3), producer: 'optimizer' });

function promotion(fields: Partial<StrategyParametersPromoted> = {}): Envelope {
  return optimizer.create('optimizer.params', {
    strategy: 'intraday',
    params: tuned,
    studyId: 'study-7',
    trialId: 42,
    metrics: { sharpe: 1.4 },
    validationMetrics: { walkForwardSharpe: 0.9 },
    effectiveFrom: bars.time[change - 1],
    ...fields,
  });
}

const versionOf = (signal: Envelope): string | undefined => (signal.payload as { parametersVersion?: string }).parametersVersion;
const barTimeOf = (signal: Envelope): number => (signal.payload as { barTime: number }).barTime;

async function started(environment: Record<string, string> = {}, now = bars.time[cut]): Promise<{ bus: InProcessBus; service: TestService }> {
  const bus = new InProcessBus();
  const settings = loadStrategyServiceConfig('intraday', { STRATEGY_SYMBOLS: 'EURUSD', ...environment }).settings;
  const service = await startTestService({ bus, settings, history: new ColumnsBarHistory([bars]), now });
  await service.running.ready;
  return { bus, service };
}

async function feed(bus: InProcessBus, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) await bus.publish(topics.marketBar('H1', 'EURUSD'), barMessage(bars, i));
}

async function drained(bus: InProcessBus): Promise<void> {
  await eventually(() => bus.stats().every((queue) => queue.waiting === 0 && queue.inFlight === 0), 'the queues to drain');
}

describe('strategy-intraday takes promoted parameters while it runs', () => {
  it('applies them at the next bar, rebuilt from the bars it kept, and names them in every later signal', async () => {
    const { bus, service } = await started();
    // What a service started on the promoted parameters just before the change would say from then on.
    const reference = await started({ STRATEGY_PARAMETERS: JSON.stringify(tuned), STRATEGY_PARAMETERS_VERSION: 'study-7/42', STRATEGY_WARMUP_BARS: '2040' }, bars.time[change]);
    try {
      await feed(bus, cut, change);
      const message = promotion();
      await bus.publish(topics.optimizerParams('intraday'), message);
      await feed(bus, change, end);
      await feed(reference.bus, change, end);
      await drained(bus);
      await drained(reference.bus);

      const before = service.signals.filter((signal) => barTimeOf(signal) < bars.time[change]);
      const after = service.signals.filter((signal) => barTimeOf(signal) >= bars.time[change]);
      expect(before).toHaveLength(11);
      expect(after).toHaveLength(49);
      expect(before.map(versionOf)).toEqual(before.map(() => 'defaults'));
      expect(after.map(({ id, payload }) => ({ id, payload }))).toEqual(reference.service.signals.map(({ id, payload }) => ({ id, payload })));
      expect(after.map(versionOf)).toEqual(after.map(() => 'study-7/42'));

      expect(await service.metric('strategy_parameters_updates_total', { outcome: 'accepted' })).toBe(1);
      expect(await service.metric('strategy_parameters_updates_total', { outcome: 'applied' })).toBe(1);
      const accepted = service.logs.find((line) => String(line['message']).startsWith('parameters accepted'));
      expect(accepted).toMatchObject({
        level: 'info',
        correlationId: message.correlationId,
        version: 'study-7/42',
        symbols: ['EURUSD'],
        changes: [{ symbol: 'EURUSD', from: 'defaults', parameters: { fastPeriod: [20, 12], slowPeriod: [50, 36], adxMin: [20, 24], stopAtr: [1.5, 2] } }],
      });
      const applied = service.logs.find((line) => line['message'] === 'parameters applied');
      expect(applied).toMatchObject({ symbol: 'EURUSD', barTime: bars.time[change], from: 'defaults', to: 'study-7/42', replayedBars: 2_040, warmupBars: 37, correlationId: barMessage(bars, change).correlationId });
    } finally {
      await service.stop();
      await reference.service.stop();
      await bus.close();
      await reference.bus.close();
    }
  }, 120_000);

  it('dead-letters parameters outside the strategy space, naming the parameter, and keeps running on the old ones', async () => {
    const { bus, service } = await started();
    try {
      const refused = [
        promotion({ params: { fastPeriod: 500 } }),
        promotion({ params: { fastPeriodd: 12 } }),
        promotion({ params: { fastPeriod: 60, slowPeriod: 50 } }),
        promotion({ params: { sessionStartHour: 'seven' } }),
        promotion({ symbol: 'GBPUSD' }),
        promotion({ timeframe: 'M15' }),
      ];
      for (const message of refused) await bus.publish(topics.optimizerParams('intraday'), message);
      await feed(bus, cut, end);
      await drained(bus);
      const dead = await bus.takeDeadLetters(service.running.queue);
      expect(dead.map((letter) => letter.reason)).toEqual([
        'rejected by the handler: intraday: parameter "fastPeriod" must be in 3..100, got 500',
        'rejected by the handler: intraday: unknown parameter "fastPeriodd" (expected one of fastPeriod, slowPeriod, adxPeriod, adxMin, atrPeriod, stopAtr, targetAtr, sessionStartHour, sessionEndHour)',
        'rejected by the handler: intraday: parameter "fastPeriod" (60) must be below "slowPeriod" (50)',
        'rejected by the handler: intraday: parameter "sessionStartHour" must be a number, got "seven"',
        'rejected by the handler: symbol: intraday does not trade GBPUSD here (it trades EURUSD)',
        'rejected by the handler: timeframe: intraday trades H1 here, not M15',
      ]);
      expect(dead.every((letter) => letter.deliveryCount === 1)).toBe(true);
      expect(await service.metric('strategy_parameters_updates_total', { outcome: 'rejected' })).toBe(6);
      expect(service.signals).toHaveLength(61);
      expect(new Set(service.signals.map(versionOf))).toEqual(new Set(['defaults']));
    } finally {
      await service.stop();
      await bus.close();
    }
  });

  it('takes a redelivered promotion once', async () => {
    const { bus, service } = await started();
    try {
      const message = promotion({ effectiveFrom: bars.time[cut + 10] });
      await bus.publish(topics.optimizerParams('intraday'), message);
      await bus.publish(topics.optimizerParams('intraday'), message);
      await feed(bus, cut, cut + 20);
      await drained(bus);
      expect(await service.metric('strategy_parameters_updates_total', { outcome: 'accepted' })).toBe(1);
      expect(await service.metric('strategy_parameters_updates_total', { outcome: 'repeated' })).toBe(1);
      expect(await service.metric('strategy_parameters_updates_total', { outcome: 'applied' })).toBe(1);
      expect(service.logs.filter((line) => line['message'] === 'parameters applied').map((line) => line['barTime'])).toEqual([bars.time[cut + 10]]);
    } finally {
      await service.stop();
      await bus.close();
    }
  });
});
