import { signalGeneratedSchema } from '@trading/contracts';
import { SeededRandom } from '@trading/domain';
import { checkLookAhead } from './bias/look-ahead.check';
import { replaySignals } from './bias/signal.replay';
import { resolveParameters } from './core/parameter-space';
import { strategyDefinition, strategyDefinitions } from './strategy.registry';
import { peekingStrategy, sharedBars } from './testing';

const m5 = sharedBars('eurusdM5');
const h1 = sharedBars('eurusdH1');

function defaults(name: string) {
  const definition = strategyDefinition(name);
  return resolveParameters(name, definition.parameters, {});
}

describe('shipped strategies', () => {
  it('reads the shared M5 file as the importer does: 49,802 bars after dropping 198 repeats', () => {
    expect(m5.length).toBe(49_802);
  });

  it('emit signals that are valid `signal` message payloads', () => {
    for (const [name, bars] of [
      ['scalping', m5],
      ['sma-crossover', h1],
      ['intraday', h1],
      ['swing', h1],
    ] as const) {
      const signals = replaySignals(strategyDefinition(name), defaults(name), bars);
      expect(signals.length).toBeGreaterThan(100);
      for (const { signal } of signals) expect(signalGeneratedSchema.check(signal)).toBeUndefined();
    }
  });

  it('scalping enters at the bands with an ATR stop below a long and above a short', () => {
    const signals = replaySignals(strategyDefinition('scalping'), defaults('scalping'), m5);
    for (const { index, signal } of signals) {
      const close = m5.close[index];
      expect(signal.referencePrice).toBeCloseTo(close, 9);
      if (signal.side === 'buy') expect(signal.stopLoss as number).toBeLessThan(close);
      else expect(signal.stopLoss as number).toBeGreaterThan(close);
    }
  });

  it('swing signals speak of completed H4 bars built from the H1 data', () => {
    const signals = replaySignals(strategyDefinition('swing'), defaults('swing'), h1);
    for (const { index, signal } of signals) {
      expect(signal.timeframe).toBe('H4');
      expect(signal.barTime % (4 * 3_600_000)).toBe(0);
      expect(signal.barTime).toBeLessThanOrEqual(h1.time[index]);
    }
  });

  it('intraday is flat outside the session: every entry closes in 07:00-20:00 UTC', () => {
    const signals = replaySignals(strategyDefinition('intraday'), defaults('intraday'), h1);
    for (const { index, signal } of signals) {
      const hour = new Date(h1.time[index] + 3_600_000).getUTCHours();
      if (signal.side !== 'flat') expect(hour > 7 && hour < 20).toBe(true);
    }
    expect(signals.some((s) => s.signal.side === 'flat')).toBe(true);
  });

  it('sma-crossover alternates sides, one signal per cross', () => {
    const signals = replaySignals(strategyDefinition('sma-crossover'), defaults('sma-crossover'), h1);
    for (let k = 1; k < signals.length; k++) expect(signals[k].signal.side).not.toBe(signals[k - 1].signal.side);
  });

  it('are listed by name and an unknown name is refused with the known ones', () => {
    expect(strategyDefinitions().map((d) => d.name)).toEqual(expect.arrayContaining(['scalping', 'sma-crossover']));
    expect(() => strategyDefinition('martingale')).toThrow('unknown strategy "martingale" (expected one of scalping');
  });
});

describe('look-ahead check', () => {
  it.each(['scalping', 'sma-crossover', 'intraday', 'swing'])('passes %s on the real data', (name) => {
    const bars = name === 'scalping' ? m5 : h1;
    const report = checkLookAhead(strategyDefinition(name), defaults(name), bars, { random: new SeededRandom(1), maxSamples: 40 });
    expect(report.signals).toBeGreaterThan(40);
    expect(report.sampled).toBe(true);
    expect(report.checkedBars).toBe(80);
    expect(report.differences).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('catches the peeking strategy and names the bar and the difference', () => {
    const bars = sharedBars('eurusdM5');
    const report = checkLookAhead(peekingStrategy, {}, bars, { random: new SeededRandom(1), maxSamples: 20 });
    expect(report.passed).toBe(false);
    const first = report.differences[0];
    expect(first.index).toBe(first.cutAt);
    expect(first.onFullData).not.toBeNull();
    expect(first.onTruncatedData).toBeNull();
    expect(first.description).toContain(`bar ${first.index} (`);
    expect(first.description).toContain('disappears when the data is truncated');
  });
});
