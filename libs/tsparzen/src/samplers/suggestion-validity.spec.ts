import fc from 'fast-check';
import { type Distribution, type ParamValue, isValidValue } from '../distributions';
import { Study } from '../study';
import type { Trial } from '../trial';
import { RandomSampler } from './random.sampler';
import { TpeSampler } from './tpe.sampler';

type Spec =
  | { kind: 'float'; low: number; width: number; log: boolean; step: number | null }
  | { kind: 'int'; low: number; width: number; log: boolean; step: number }
  | { kind: 'categorical'; choices: ParamValue[] };

const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({
    kind: fc.constant('float' as const),
    low: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    width: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    log: fc.boolean(),
    step: fc.constant(null),
  }),
  fc.record({ kind: fc.constant('float' as const), low: fc.integer({ min: -50, max: 50 }), width: fc.integer({ min: 0, max: 40 }), log: fc.constant(false), step: fc.constantFrom(0.1, 0.25, 3) }),
  fc.record({ kind: fc.constant('int' as const), low: fc.integer({ min: 1, max: 100 }), width: fc.integer({ min: 0, max: 5000 }), log: fc.boolean(), step: fc.constant(1) }),
  fc.record({ kind: fc.constant('int' as const), low: fc.integer({ min: -100, max: 100 }), width: fc.integer({ min: 0, max: 300 }), log: fc.constant(false), step: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('categorical' as const), choices: fc.uniqueArray(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 5 }) }),
);

function suggest(trial: Trial, name: string, s: Spec): ParamValue {
  if (s.kind === 'categorical') return trial.suggestCategorical(name, s.choices);
  const options = s.step === null || s.log ? { log: s.log } : { step: s.step };
  return s.kind === 'float' ? trial.suggestFloat(name, s.low, s.low + s.width, options) : trial.suggestInt(name, s.low, s.low + s.width, options);
}

describe('suggestions of any sampler', () => {
  it('always lie inside the distribution that was asked for', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (specs, seed, multivariate) => {
        for (const sampler of [new TpeSampler({ seed, multivariate, nStartupTrials: 4 }), new RandomSampler({ seed })]) {
          const study = new Study({ sampler });
          for (let i = 0; i < 16; i++) {
            const trial = study.ask();
            let loss = 0;
            specs.forEach((s, p) => {
              const value = suggest(trial, `p${p}`, s);
              const distribution: Distribution = study.trials[trial.number].distributions[`p${p}`];
              if (!isValidValue(distribution, value)) throw new Error(`p${p} = ${String(value)} outside ${JSON.stringify(distribution)}`);
              loss += typeof value === 'number' ? Math.abs(value) : String(value).length;
            });
            study.tell(trial, loss);
          }
        }
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
