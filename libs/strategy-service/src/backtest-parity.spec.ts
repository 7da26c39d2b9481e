// The strategy service gives the backtest's signals: fed the real EURUSD H1
// file as market.bar messages (and the venue's reports, in the order a live
// strategy gets them), it publishes the signals the backtest's strategies
// emitted, same ids and payloads; and a service warmed up from history gives,
// from its first live bar on, the signals of one that has run since the
// first bar of the file.
import { type Envelope, type Topic, topics } from '@trading/contracts';
import type { BarColumns } from '@trading/domain';
import { barMessage, recordStrategyRun } from '@trading/kernel-hosts/testing';
import { InProcessBus } from '@trading/messaging';
import { intradayStrategy, resolveParameters } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { loadStrategyServiceConfig, type StrategyServiceName } from './strategy-service.config';
import { ColumnsBarHistory, eventually, startTestService, type TestService } from './testing';

const eurusdH1 = sharedBars('eurusdH1');

function topicOf(envelope: Envelope): Topic {
  const payload = envelope.payload as { symbol: string; timeframe: 'H1' };
  return envelope.type === 'market.bar' ? topics.marketBar(payload.timeframe, payload.symbol) : topics.executionReport(payload.symbol);
}

async function drained(bus: InProcessBus, service: TestService): Promise<void> {
  await eventually(() => bus.stats().every((queue) => queue.waiting === 0 && queue.inFlight === 0), `${service.running.queue} to drain`, 120_000);
}

/** The signal payloads with the service's version taken off, to compare with a run that carries none. */
const withoutVersion = (signals: readonly Envelope[]) =>
  signals.map(({ id, payload }) => {
    const { parametersVersion: _version, ...rest } = payload as { parametersVersion?: string };
    return { id, payload: rest };
  });

describe('strategy-intraday against the backtest on the real EURUSD H1 file', () => {
  it("publishes exactly the backtest's signals, same ids and payloads, each with the parameters version", async () => {
    const recording = recordStrategyRun([eurusdH1], [{ definition: intradayStrategy, parameters: resolveParameters('intraday', intradayStrategy.parameters, {}) }]);
    expect(recording.backtestSignals).toHaveLength(823);
    expect(recording.strategyInputs.filter((envelope) => envelope.type === 'execution.report')).toHaveLength(491);

    const bus = new InProcessBus();
    const settings = loadStrategyServiceConfig('intraday', { STRATEGY_SYMBOLS: 'EURUSD' }).settings;
    // Cold: nothing before the file's first bar.
    const service = await startTestService({ bus, settings, history: new ColumnsBarHistory([]), now: eurusdH1.time[0] });
    try {
      await service.running.ready;
      for (const envelope of recording.strategyInputs) await bus.publish(topicOf(envelope), envelope);
      await drained(bus, service);

      expect(service.signals.map((signal) => (signal.payload as { parametersVersion?: string }).parametersVersion)).toEqual(service.signals.map(() => 'defaults'));
      expect(withoutVersion(service.signals)).toEqual(recording.kernelSignals.map(({ id, payload }) => ({ id, payload })));
      // And field by field against the backtest's decision log.
      expect(
        service.signals.map(({ id, payload }) => {
          const signal = payload as Record<string, unknown>;
          return {
            signalId: id,
            ...Object.fromEntries(['strategy', 'symbol', 'barTime', 'side', 'strength', 'confidence'].map((key) => [key, signal[key]])),
            referencePrice: signal['referencePrice'] ?? null,
            stopLoss: signal['stopLoss'] ?? null,
            takeProfit: signal['takeProfit'] ?? null,
            reason: signal['reason'],
          };
        }),
      ).toEqual(recording.backtestSignals.map(({ event: _event, time: _time, ...signal }) => signal as Record<string, unknown>));
      expect(await service.metric('strategy_bars_handled_total', { symbol: 'EURUSD' })).toBe(eurusdH1.length);
      expect(await service.metric('strategy_reports_total', { outcome: 'applied' })).toBe(recording.strategyInputs.length - eurusdH1.length);
    } finally {
      await service.stop();
      await bus.close();
    }
  }, 300_000);
});

describe('a strategy warmed up from history signals as one that never stopped', () => {
  const eurusdM5 = sharedBars('eurusdM5');
  const cases: Array<[StrategyServiceName, BarColumns, number]> = [
    ['intraday', eurusdH1, 30_000],
    ['swing', eurusdH1, 30_000],
    ['scalping', eurusdM5, 30_000],
  ];

  it.each(cases)('%s: from the cut-over bar on, the signals of a cold run over the whole file', async (name, bars, cut) => {
    const end = Math.min(bars.length, cut + 8_000);
    const settings = loadStrategyServiceConfig(name, { STRATEGY_SYMBOLS: 'EURUSD', STRATEGY_TIMEFRAME: bars.timeframe }).settings;
    const run = async (history: ColumnsBarHistory, from: number): Promise<{ service: TestService; signals: Envelope[] }> => {
      const bus = new InProcessBus();
      const service = await startTestService({ bus, settings, history, now: bars.time[from] });
      try {
        await service.running.ready;
        for (let i = from; i < end; i++) await bus.publish(topics.marketBar(bars.timeframe, 'EURUSD'), barMessage(bars, i));
        await drained(bus, service);
        return { service, signals: service.signals };
      } finally {
        await service.stop();
        await bus.close();
      }
    };
    const cold = await run(new ColumnsBarHistory([]), 0);
    const history = new ColumnsBarHistory([bars]);
    const warm = await run(history, cut);

    // The default warm-up: 40 times the strategy's own, read from history ending at the cut-over.
    expect(settings.warmupBars).toBe({ intraday: 2_040, swing: 8_000, scalping: 1_400 }[name]);
    expect(await warm.service.metric('strategy_warmup_bars', { symbol: 'EURUSD' })).toBe(settings.warmupBars);
    expect(history.requests.every((request) => request.to <= bars.time[cut])).toBe(true);
    const fromCut = cold.signals.filter((signal) => (signal.payload as { barTime: number }).barTime >= bars.time[cut]);
    expect(fromCut).toHaveLength({ intraday: 139, swing: 232, scalping: 158 }[name]);
    expect(warm.signals.map(({ id, payload }) => ({ id, payload }))).toEqual(fromCut.map(({ id, payload }) => ({ id, payload })));
  }, 300_000);
});
