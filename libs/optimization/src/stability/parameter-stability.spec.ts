import { SMA_CROSSOVER_PARAMETERS, SWING_PARAMETERS } from '@trading/strategies';
import { neighbours, parameterDrift, summariseSensitivity } from './parameter-stability';

describe('parameter drift across folds', () => {
  it('measures numeric spread against the (log) range and the share of the most chosen choice', () => {
    const best = [
      { fastPeriod: 10, slowPeriod: 100 },
      { fastPeriod: 10, slowPeriod: 100 },
      null,
      { fastPeriod: 40, slowPeriod: 100 },
    ];
    const [fast, slow] = parameterDrift(SMA_CROSSOVER_PARAMETERS, best);
    expect(fast.values).toEqual([10, 10, null, 40]);
    expect(fast.mean).toBe(20);
    expect(fast.std).toBeCloseTo(Math.sqrt(200), 12);
    // Log-scaled: std of ln(10), ln(10), ln(40) over ln(200) - ln(2).
    const logs = [Math.log(10), Math.log(10), Math.log(40)];
    const m = logs.reduce((a, b) => a + b) / 3;
    const logStd = Math.sqrt(logs.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
    expect(fast.spreadOfRange).toBeCloseTo(logStd / Math.log(100), 12);
    expect({ value: fast.mostChosen, share: fast.mostChosenShare }).toEqual({ value: 10, share: 2 / 3 });
    expect(slow.spreadOfRange).toBe(0);
    const mode = parameterDrift(SWING_PARAMETERS, [{ ...defaultsOfSwing(), mode: 'pullback' }, { ...defaultsOfSwing() }, { ...defaultsOfSwing(), mode: 'pullback' }]).find((d) => d.name === 'mode');
    expect(mode).toMatchObject({ mostChosen: 'pullback', mostChosenShare: 2 / 3, spreadOfRange: null });
  });
});

describe('neighbours of the best parameters', () => {
  it('move one numeric parameter a tenth of its range down and up, on its grid, inside its range', () => {
    const around = neighbours(SWING_PARAMETERS, defaultsOfSwing());
    const donchian = around.filter((n) => n.parameter === 'donchianPeriod').map((n) => n.parameters.donchianPeriod);
    // donchianPeriod 20 in 5..100: +-9.5 -> 10.5 and 29.5 -> grid 11 and 30 (rounded half up from the range's start)
    expect(donchian).toEqual([11, 30]);
    // rsiPullback 40 in 10..50: +-4.
    const pullback = around.filter((n) => n.parameter === 'rsiPullback').map((n) => n.parameters.rsiPullback);
    expect(pullback).toEqual([36, 44]);
    expect(around.some((n) => n.parameter === 'mode')).toBe(false);
  });

  it('moves log-scaled parameters by a tenth of the log range and keeps the others', () => {
    const around = neighbours(SMA_CROSSOVER_PARAMETERS, { fastPeriod: 20, slowPeriod: 50 });
    const fast = around.filter((n) => n.parameter === 'fastPeriod');
    expect(fast.map((n) => n.parameters.fastPeriod)).toEqual([Math.round(20 / 100 ** 0.1), Math.round(20 * 100 ** 0.1)]);
    expect(fast.every((n) => n.parameters.slowPeriod === 50)).toBe(true);
  });

  it('summarises the objective change per parameter and direction over the folds', () => {
    const summary = summariseSensitivity(SMA_CROSSOVER_PARAMETERS, [
      { fold: 0, parameter: 'fastPeriod', direction: -1, value: 13, objective: 0.5, change: -0.5 },
      { fold: 1, parameter: 'fastPeriod', direction: -1, value: 13, objective: 0.7, change: -0.25 },
      { fold: 0, parameter: 'fastPeriod', direction: 1, value: 32, objective: null, change: null },
    ]);
    expect(summary).toEqual([
      { name: 'fastPeriod', meanChangeDown: -0.375, meanChangeUp: null },
      { name: 'slowPeriod', meanChangeDown: null, meanChangeUp: null },
    ]);
  });
});

function defaultsOfSwing(): Record<string, number | string> {
  return Object.fromEntries(SWING_PARAMETERS.map((spec) => [spec.name, spec.default as number | string]));
}
