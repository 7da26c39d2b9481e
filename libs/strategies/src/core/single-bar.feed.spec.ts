import { ManualClock, barAt, instrumentFor } from '@trading/domain';
import { resolveParameters } from './parameter-space';
import { SingleBarFeed } from './single-bar.feed';
import type { StrategySignal } from './strategy';
import { strategyDefinition, strategyDefinitions } from '../strategy.registry';
import { sharedBars } from '../testing';

describe('SingleBarFeed', () => {
  it.each(strategyDefinitions().map((d) => d.name))('gives %s the same signals bar by bar as over the whole file', (name) => {
    const definition = strategyDefinition(name);
    const bars = definition.timeframes.includes('M5') ? sharedBars('eurusdM5') : sharedBars('eurusdH1');
    const parameters = resolveParameters(name, definition.parameters, {});
    const context = { symbol: 'EURUSD', timeframe: bars.timeframe, instrument: instrumentFor('EURUSD'), clock: new ManualClock(0), positionSide: () => 0 };
    const batch = definition.create(parameters, context);
    const live = definition.create(parameters, context);
    const feed = new SingleBarFeed('EURUSD', bars.timeframe);
    const fromBatch: StrategySignal[] = [];
    const fromLive: StrategySignal[] = [];
    for (let i = 0; i < bars.length; i++) {
      const a = batch.onBar(bars, i);
      if (a) fromBatch.push(a);
      const b = live.onBar(feed.set(barAt(bars, i)), 0);
      if (b) fromLive.push(b);
    }
    // Always flat here (no position is ever reported), so more signals than a replay that holds positions.
    expect(fromBatch).toHaveLength({ scalping: 883, intraday: 787, swing: 1253, 'sma-crossover': 1168 }[name] as number);
    expect(fromLive).toEqual(fromBatch);
  });

  it('refuses a bar of another series', () => {
    const feed = new SingleBarFeed('EURUSD', 'M5');
    expect(() => feed.set({ symbol: 'GBPUSD', timeframe: 'M5', time: 0, open: 1, high: 1, low: 1, close: 1, volume: 0, spread: 0 })).toThrow('feed of EURUSD M5 got a bar of GBPUSD M5');
  });
});
