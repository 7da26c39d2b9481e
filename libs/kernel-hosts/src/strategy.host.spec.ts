import { type Envelope, MessageFactory, type MessageEnvelope } from '@trading/contracts';
import { type BarColumns, ManualClock, SeededRandom } from '@trading/domain';
import { type ParameterValues, type StrategyDefinition, intradayStrategy, resolveParameters } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { readSharedBars, sharedData } from '@trading/test-support';
import { type ParametersApplied, StrategyHost, type StrategyRunSpec } from './strategy.host';
import { barMessage } from './testing';

const eurusd = sharedBars('eurusdH1');
const defaults = resolveParameters('intraday', intradayStrategy.parameters, {});
const tuned = resolveParameters('intraday', intradayStrategy.parameters, { fastPeriod: 12, slowPeriod: 36, adxMin: 24, stopAtr: 2 });

interface Harness {
  readonly host: StrategyHost;
  readonly signals: Envelope[];
  readonly applied: ParametersApplied[];
}

function harness(runs: readonly StrategyRunSpec[], historyBars?: number): Harness {
  const signals: Envelope[] = [];
  const applied: ParametersApplied[] = [];
  const factory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'strategy' });
  const host = new StrategyHost({ strategies: runs, factory, publish: (_topic, envelope) => signals.push(envelope), historyBars, onParametersApplied: (event) => applied.push(event) });
  return { host, signals, applied };
}

function feed(host: StrategyHost, bars: BarColumns, from: number, to: number): void {
  for (let i = from; i < to; i++) host.onBar(barMessage(bars, i));
}

const barTimeOf = (signal: Envelope): number => (signal.payload as { barTime: number }).barTime;
const versionsOf = (signals: readonly Envelope[]): string[] => [...new Set(signals.map((signal) => String((signal.payload as { parametersVersion?: string }).parametersVersion)))];

describe('StrategyHost: parameters replaced while it runs', () => {
  const cut = 20_000;
  const end = 26_000;

  it('runs the new parameters from the next bar of the symbol, rebuilt from the kept bars, so its signals are those of a run on them from the start', () => {
    const live = harness([{ definition: intradayStrategy, parameters: defaults, parametersVersion: 'defaults' }], 50_000);
    feed(live.host, eurusd, 0, cut);
    live.host.setParameters({ strategy: 'intraday', parameters: tuned, version: 'study-7/42', symbol: 'EURUSD', effectiveFrom: 0 });
    // Nothing changes before the next bar.
    expect(live.host.parametersOf('intraday', 'EURUSD', 'H1')).toEqual({ parameters: defaults, version: 'defaults', pending: 1 });
    feed(live.host, eurusd, cut, end);

    const before = harness([{ definition: intradayStrategy, parameters: defaults, parametersVersion: 'defaults' }]);
    feed(before.host, eurusd, 0, cut);
    const after = harness([{ definition: intradayStrategy, parameters: tuned, parametersVersion: 'study-7/42' }]);
    feed(after.host, eurusd, 0, end);
    const fromCut = after.signals.filter((signal) => barTimeOf(signal) >= eurusd.time[cut]);

    expect(before.signals).toHaveLength(336);
    expect(fromCut).toHaveLength(105);
    expect(live.signals).toEqual([...before.signals, ...fromCut]);
    expect(versionsOf(live.signals.filter((signal) => barTimeOf(signal) >= eurusd.time[cut]))).toEqual(['study-7/42']);
    expect(live.applied).toEqual([
      {
        strategy: 'intraday',
        symbol: 'EURUSD',
        timeframe: 'H1',
        barTime: eurusd.time[cut],
        previous: { parameters: defaults, version: 'defaults' },
        next: { parameters: tuned, version: 'study-7/42' },
        replayedBars: cut,
        warmupBars: 37,
      },
    ]);
    expect(live.host.parametersOf('intraday', 'EURUSD', 'H1')).toEqual({ parameters: tuned, version: 'study-7/42', pending: 0 });
  });

  it('keeps the old parameters for the bars before effectiveFrom', () => {
    const live = harness([{ definition: intradayStrategy, parameters: defaults, parametersVersion: 'defaults' }], 5_000);
    feed(live.host, eurusd, 0, cut);
    live.host.setParameters({ strategy: 'intraday', parameters: tuned, version: 'study-7/42', effectiveFrom: eurusd.time[cut + 300] });
    feed(live.host, eurusd, cut, cut + 300);
    expect(live.applied).toEqual([]);
    expect(live.host.parametersOf('intraday', 'EURUSD', 'H1')?.version).toBe('defaults');
    feed(live.host, eurusd, cut + 300, cut + 301);
    expect(live.applied.map((event) => [event.barTime, event.replayedBars])).toEqual([[eurusd.time[cut + 300], 5_000]]);
  });

  it('leaves the other symbols alone, and a change for every symbol reaches a feed that starts after it', () => {
    const pair = (symbol: string) => readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1');
    const [eur, gbp, chf] = [pair('EURUSD'), pair('GBPUSD'), pair('USDCHF')];
    const live = harness([{ definition: intradayStrategy, parameters: defaults, parametersVersion: 'defaults' }], 1_000);
    for (let i = 0; i < 1_000; i++) {
      live.host.onBar(barMessage(eur, i));
      live.host.onBar(barMessage(gbp, i));
    }
    live.host.setParameters({ strategy: 'intraday', parameters: tuned, version: 'gbp-only/1', symbol: 'GBPUSD', effectiveFrom: 0 });
    live.host.setParameters({ strategy: 'intraday', parameters: tuned, version: 'all/2', effectiveFrom: 0 });
    live.signals.length = 0;
    for (let i = 1_000; i < 3_000; i++) {
      live.host.onBar(barMessage(eur, i));
      live.host.onBar(barMessage(gbp, i));
      live.host.onBar(barMessage(chf, i));
    }
    // Both changes were due at GBPUSD's next bar: the later one wins; EURUSD and the new USDCHF feed take the one for all.
    expect(live.applied.map((event) => [event.symbol, event.next.version, event.replayedBars])).toEqual([
      ['EURUSD', 'all/2', 1_000],
      ['GBPUSD', 'all/2', 1_000],
      ['USDCHF', 'all/2', 0],
    ]);
    const bySymbol = (symbol: string) => versionsOf(live.signals.filter((signal) => (signal.payload as { symbol: string }).symbol === symbol));
    expect([bySymbol('EURUSD'), bySymbol('GBPUSD'), bySymbol('USDCHF')]).toEqual([['all/2'], ['all/2'], ['all/2']]);
  });

  it('with no bars kept, the new strategy starts cold and says nothing for its warm-up', () => {
    const live = harness([{ definition: intradayStrategy, parameters: defaults }]);
    feed(live.host, eurusd, 0, cut);
    live.signals.length = 0;
    live.host.setParameters({ strategy: 'intraday', parameters: tuned, version: 'study-7/42', effectiveFrom: 0 });
    feed(live.host, eurusd, cut, cut + 400);
    expect(live.applied.map((event) => [event.replayedBars, event.warmupBars])).toEqual([[0, 37]]);
    // The same signals as a host started on the tuned parameters at the cut.
    const cold = harness([{ definition: intradayStrategy, parameters: tuned, parametersVersion: 'study-7/42' }]);
    feed(cold.host, eurusd, cut, cut + 400);
    expect(live.signals.map((signal) => signal.payload)).toEqual(cold.signals.map((signal) => signal.payload));
    expect(live.signals).toHaveLength(5);
    expect(Math.min(...live.signals.map(barTimeOf))).toBeGreaterThanOrEqual(eurusd.time[cut + 37 - 1]);
    expect(live.signals[0].payload).toMatchObject({ barTime: Date.UTC(2018, 4, 29, 9), side: 'sell', reason: 'downtrend (EMA 1.16233 < 1.16463), ADX 35.4 >= 24, close back below the fast EMA' });
  });

  it('rebuilds a strategy flat, from the kept bars oldest first, and gives it its position back once rebuilt', () => {
    const seen: Array<[number, number]> = [];
    const probe: StrategyDefinition = {
      name: 'probe',
      description: 'records what it is shown',
      timeframes: ['H1'],
      parameters: [{ name: 'tag', type: 'int', min: 0, max: 9, default: 0, description: 'which build' }],
      create: (parameters: ParameterValues, context) => ({
        name: 'probe',
        warmupBars: 1,
        onBar: (bars, index) => {
          seen.push([bars.time[index], context.positionSide() * 10 + Number(parameters['tag'])]);
          return undefined;
        },
      }),
    };
    const live = harness([{ definition: probe, parameters: { tag: 0 } }], 3);
    feed(live.host, eurusd, 0, 5);
    const report = { clientOrderId: 'a'.repeat(24), brokerOrderId: null, symbol: 'EURUSD', side: 'buy', orderSize: '1', filledSize: '1', averagePrice: '1.1', commission: '0', commissionCurrency: 'USD', executedAt: eurusd.time[4], status: 'filled', strategy: 'probe', lastFillSize: '1', lastFillPrice: '1.1', positionAfter: '1' };
    live.host.onReport({ payload: report } as unknown as MessageEnvelope<'execution.report'>);
    live.host.setParameters({ strategy: 'probe', parameters: { tag: 1 }, version: 'v1', effectiveFrom: 0 });
    seen.length = 0;
    feed(live.host, eurusd, 5, 6);
    expect(seen).toEqual([
      [eurusd.time[2], 1],
      [eurusd.time[3], 1],
      [eurusd.time[4], 1],
      [eurusd.time[5], 11],
    ]);
  });

  it('refuses a change for a strategy it does not run, naming the ones it runs', () => {
    const live = harness([{ definition: intradayStrategy, parameters: defaults }]);
    expect(() => live.host.setParameters({ strategy: 'swing', parameters: {}, version: 'x', effectiveFrom: 0 })).toThrow('no strategy "swing" runs here (running: intraday)');
  });
});
