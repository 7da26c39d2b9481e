// The strategy service in a lockstep replay (`trading run`): it holds what a
// step brings, whatever order it arrives in, and handles it on the replay's
// flow.release in the kernel's order — the venue's reports before the bar —
// sending a flow.handled receipt for each message. Fed each step's bar before
// the reports it caused, it still publishes the kernel's signals.
import { type Envelope, MessageFactory, type Topic, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { recordStrategyRun } from '@trading/kernel-hosts/testing';
import { InProcessBus } from '@trading/messaging';
import { busReceipts, LockstepCoordinator } from '@trading/runtime';
import { intradayStrategy, resolveParameters } from '@trading/strategies';
import { readSharedBars, sharedData } from '@trading/test-support';
import { strategyQueue } from './strategy-bus.consumer';
import { loadStrategyServiceConfig } from './strategy-service.config';
import { ColumnsBarHistory, startTestService } from './testing';

const bars = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');

function topicOf(envelope: Envelope): Topic {
  const payload = envelope.payload as { symbol: string; timeframe: 'H1' };
  return envelope.type === 'market.bar' ? topics.marketBar(payload.timeframe, payload.symbol) : topics.executionReport(payload.symbol);
}

/** The strategy's inputs cut into the replay's steps: the reports a bar caused, then the bar; the end of data's reports last. */
function steps(inputs: readonly Envelope[]): Envelope[][] {
  const result: Envelope[][] = [];
  let current: Envelope[] = [];
  for (const envelope of inputs) {
    current.push(envelope);
    if (envelope.type === 'market.bar') {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

describe('strategy-intraday in a lockstep replay', () => {
  it("holds each step's messages and handles them on release in the kernel's order: the kernel's signals", async () => {
    const recording = recordStrategyRun([bars], [{ definition: intradayStrategy, parameters: resolveParameters('intraday', intradayStrategy.parameters, {}) }]);
    const replay = steps(recording.strategyInputs);
    const withReports = replay.filter((step) => step.length > 1);
    expect(withReports).toHaveLength(102);

    const bus = new InProcessBus();
    const factory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(11), producer: 'lockstep' });
    const settings = loadStrategyServiceConfig('intraday', { STRATEGY_SYMBOLS: 'EURUSD' }).settings;
    const service = await startTestService({ bus, settings, history: new ColumnsBarHistory([]), now: bars.time[0], overrides: { lockstep: { receipts: busReceipts(bus, factory) } } });
    await service.running.ready;
    const queue = strategyQueue('intraday');
    const coordinator = await LockstepCoordinator.start({ bus, consumers: [{ queue: queue.name, bindings: queue.bindings }], queue: 'lockstep-spec.tap', factory, stepTimeoutMs: 20_000 });
    try {
      for (const step of replay) {
        // The bar first, then the reports (in the venue's order) the kernel gave the strategy before it.
        const arrival = [step[step.length - 1], ...step.slice(0, -1)];
        await coordinator.step(arrival[0].occurredAt, async () => {
          for (const envelope of arrival) await bus.publish(topicOf(envelope), envelope);
          return arrival.map((envelope) => envelope.id);
        });
      }
      expect(coordinator.counts()).toEqual({ steps: replay.length, releases: replay.length });
      const strip = (signals: readonly Envelope[]) =>
        signals.map(({ id, payload }) => {
          const { parametersVersion: _version, ...rest } = payload as { parametersVersion?: string };
          return { id, payload: rest };
        });
      expect(recording.kernelSignals).toHaveLength(79);
      expect(strip(service.signals)).toEqual(strip(recording.kernelSignals));
      expect(await service.metric('strategy_reports_total', { outcome: 'applied' })).toBe(recording.strategyInputs.length - bars.length);
    } finally {
      await coordinator.stop();
      await service.stop();
      await bus.close();
    }
  }, 120_000);
});
