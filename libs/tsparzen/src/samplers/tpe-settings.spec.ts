import { TpeSampler } from './tpe.sampler';
import { type TpeOptions, goodCount, observationWeights, tpeSettings } from './tpe-settings';

describe('TPE settings', () => {
  it("defaults to Optuna's TPESampler settings, and says so in the sampler's snapshot", () => {
    const defaults = {
      nStartupTrials: 10,
      nEiCandidates: 24,
      gamma: 0.1,
      gammaMax: 25,
      priorWeight: 1,
      considerMagicClip: true,
      considerEndpoints: false,
      multivariate: false,
      group: false,
      constantLiar: true,
      rampStart: 25,
      bandwidthWeighted: true,
    };
    expect(tpeSettings({})).toEqual(defaults);
    expect(new TpeSampler().snapshot()).toEqual({ type: 'tpe', settings: defaults, random: expect.any(Array) });
  });

  it('keeps every option it is given', () => {
    const options = {
      nStartupTrials: 3,
      nEiCandidates: 7,
      gamma: 0.5,
      gammaMax: 2,
      priorWeight: 0.5,
      considerMagicClip: false,
      considerEndpoints: true,
      multivariate: true,
      group: true,
      constantLiar: false,
      rampStart: 4,
      bandwidthWeighted: false,
    };
    expect(tpeSettings(options)).toEqual(options);
  });

  it('accepts each count at its minimum and refuses one below it or a fraction', () => {
    expect(() => tpeSettings({ nStartupTrials: 0, nEiCandidates: 1, gammaMax: 1, rampStart: 1 })).not.toThrow();
    const cases: [TpeOptions, string][] = [
      [{ nStartupTrials: -1 }, 'TPE option nStartupTrials must be an integer >= 0, got -1'],
      [{ gammaMax: 0 }, 'TPE option gammaMax must be an integer >= 1, got 0'],
      [{ rampStart: 0 }, 'TPE option rampStart must be an integer >= 1, got 0'],
      [{ nEiCandidates: 2.5 }, 'TPE option nEiCandidates must be an integer >= 1, got 2.5'],
    ];
    for (const [options, message] of cases) expect(() => tpeSettings(options)).toThrow(message);
  });

  it('takes gamma in (0, 1] and a positive finite prior weight', () => {
    expect(tpeSettings({ gamma: 1, priorWeight: 1e-9 })).toMatchObject({ gamma: 1, priorWeight: 1e-9 });
    expect(() => tpeSettings({ gamma: 0 })).toThrow('TPE option gamma must be in (0, 1], got 0');
    expect(() => tpeSettings({ gamma: 1.000001 })).toThrow('TPE option gamma must be in (0, 1], got 1.000001');
    expect(() => tpeSettings({ gamma: NaN })).toThrow('TPE option gamma must be in (0, 1], got NaN');
    expect(() => tpeSettings({ priorWeight: 0 })).toThrow('TPE option priorWeight must be a positive number, got 0');
    expect(() => tpeSettings({ priorWeight: Infinity })).toThrow('TPE option priorWeight must be a positive number, got Infinity');
  });

  it('refuses a flag that is not a boolean, naming it', () => {
    for (const flag of ['considerMagicClip', 'considerEndpoints', 'multivariate', 'group', 'constantLiar', 'bandwidthWeighted']) {
      expect(() => tpeSettings({ [flag]: 1 } as TpeOptions)).toThrow(new TypeError(`TPE option ${flag} must be a boolean`));
    }
  });

  it('caps the good group at gammaMax', () => {
    // ceil(0.1 * 300) = 30 > 25; ceil(0.1 * 241) = 25; ceil(0.1 * 11) = 2.
    const settings = tpeSettings({});
    expect([goodCount(settings, 300), goodCount(settings, 241), goodCount(settings, 11), goodCount(settings, 0)]).toEqual([25, 25, 2, 0]);
  });

  it('ramps from 1/n for the oldest observation to 1 at the last ramped one', () => {
    // rampStart 3, n = 6: the three oldest ramp 1/6, 1/6 + (5/6) / 2 = 7/12, 1; the three newest weigh 1.
    const w = Array.from(observationWeights(tpeSettings({ rampStart: 3 }), 6));
    [1 / 6, 7 / 12, 1, 1, 1, 1].forEach((expected, i) => expect(w[i]).toBeCloseTo(expected, 15));
    // One observation past the flat window: it alone is ramped, and weighs 1/n.
    expect(Array.from(observationWeights(tpeSettings({ rampStart: 3 }), 4))).toEqual([0.25, 1, 1, 1]);
    expect(Array.from(observationWeights(tpeSettings({ rampStart: 3 }), 3))).toEqual([1, 1, 1]);
  });
});
