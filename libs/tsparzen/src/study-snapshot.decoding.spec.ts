import { SuccessiveHalvingPruner } from './pruners/successive-halving.pruner';
import { RandomSampler } from './samplers/random.sampler';
import { Study } from './study';

/** Parsed JSON, loosely typed so a test can tamper with any field. */
type Loose = ReturnType<typeof JSON.parse>;

/** A saved study with one complete trial (x float, n stepped int) as a plain object to tamper with. */
function saved(): Loose {
  const study = new Study({ sampler: new RandomSampler({ seed: 1 }) });
  const trial = study.ask();
  trial.suggestFloat('x', 0, 1);
  trial.suggestInt('n', 0, 10, { step: 2 });
  trial.report(3, 0.5);
  study.tell(trial, 1);
  return JSON.parse(JSON.stringify(study.toJSON()));
}

/** The message restoring `snapshot` after `tamper` throws. */
function errorOf(tamper: (snapshot: Loose) => void): string {
  const snapshot = saved();
  tamper(snapshot);
  try {
    Study.restore(snapshot as never);
  } catch (error) {
    expect((error as Error).name).toBe('SnapshotError');
    return (error as Error).message.replace('invalid study snapshot: ', '');
  }
  throw new Error('restored without error');
}

describe('restoring a study snapshot', () => {
  it('rejects what is not a study of version 1 in either direction, with an array of trials', () => {
    expect(() => Study.restore('null')).toThrow('invalid study snapshot: format must be "tsparzen-study"');
    expect(errorOf((s) => (s.version = 2))).toBe('unsupported version 2');
    expect(errorOf((s) => delete s.version)).toBe('unsupported version undefined');
    expect(errorOf((s) => (s.direction = 'up'))).toBe('direction must be minimize or maximize');
    expect(errorOf((s) => (s.trials = {}))).toBe('trials must be an array');
  });

  it('names the trial and field that is wrong', () => {
    expect(errorOf((s) => (s.trials[0] = []))).toBe('trials[0] must be an object');
    expect(errorOf((s) => (s.trials[0].number = 1))).toBe('trials[0].number must be 0, got 1');
    expect(errorOf((s) => (s.trials[0].distributions = null))).toBe('trials[0].distributions must be an object');
    expect(errorOf((s) => (s.trials[0].relativeDistributions = []))).toBe('trials[0].relativeDistributions must be an object');
    expect(errorOf((s) => (s.trials[0].intermediateValues = {}))).toBe('trials[0].intermediateValues must be an array');
    expect(errorOf((s) => (s.trials[0].systemAttributes = null))).toBe('trials[0].systemAttributes must be an object');
    expect(errorOf((s) => (s.trials[0].failReason = 3))).toBe('trials[0].failReason must be a string or null');
    expect(errorOf((s) => (s.trials[0].value = null))).toBe('trials[0] is complete but has no value');
    expect(errorOf((s) => (s.trials[0].value = 'high'))).toBe('trials[0].value must be a number, got "high"');
    expect(errorOf((s) => (s.trials[0].value = NaN))).toBe('trials[0].value must be a number, got null');
  });

  it('checks each intermediate value entry: [step, value] with a non-negative integer step', () => {
    const entries = 'trials[0].intermediateValues entries must be [step, value] with a non-negative integer step';
    for (const entry of [3, [3], [3, 1, 2], [1.5, 1], [-1, 1]]) expect(errorOf((s) => (s.trials[0].intermediateValues = [entry]))).toBe(entries);
    expect(errorOf((s) => (s.trials[0].intermediateValues = [[0, '1']]))).toBe('trials[0].intermediateValues value must be a number, got "1"');
    expect(errorOf((s) => (s.trials[0].systemAttributes = { rung: true }))).toBe('trials[0].systemAttributes.rung must be a number, got true');
  });

  it('rebuilds distributions through the suggest constructors', () => {
    const d = (s: Loose): Loose => s.trials[0].distributions;
    expect(errorOf((s) => (d(s).x = 'float'))).toBe('trials[0].distributions.x must be an object');
    expect(errorOf((s) => (d(s).x.kind = 'normal'))).toBe('trials[0].distributions.x has unknown kind "normal"');
    expect(errorOf((s) => (d(s).x.low = 2))).toBe('parameter "trials[0].distributions.x": low (2) must not exceed high (1)');
    // A grid whose high is off the grid would come back with another high.
    expect(errorOf((s) => (d(s).n.high = 9))).toBe('trials[0].distributions.n is not a valid distribution');
    expect(errorOf((s) => (d(s).x = { kind: 'categorical', choices: ['a', 'a'] }))).toBe('parameter "trials[0].distributions.x": choices must be distinct');
  });

  it('requires params and distributions to name the same parameters, with values inside', () => {
    const mismatch = 'trials[0].params and its distributions name different parameters';
    expect(errorOf((s) => delete s.trials[0].params.n)).toBe(mismatch);
    expect(
      errorOf((s) => {
        delete s.trials[0].params.n;
        s.trials[0].params.m = 4;
      }),
    ).toBe(mismatch);
    expect(errorOf((s) => (s.trials[0].params = 'x'))).toBe('trials[0].params must be an object');
    expect(errorOf((s) => (s.trials[0].relativeParams = { x: 0.5 }))).toBe('trials[0].relativeParams and its distributions name different parameters');
  });

  it('rejects unknown or malformed samplers and pruners', () => {
    expect(errorOf((s) => (s.sampler = null))).toBe('sampler must be an object');
    expect(errorOf((s) => (s.sampler.type = 'grid'))).toBe('unknown sampler type "grid"');
    expect(errorOf((s) => (s.sampler.random = [1, 2]))).toBe('sampler: random state must be four unsigned 32-bit integers');
    expect(errorOf((s) => (s.pruner = 'none'))).toBe('pruner must be an object');
    expect(errorOf((s) => (s.pruner.type = 'hyperband'))).toBe('unknown pruner type "hyperband"');
    expect(errorOf((s) => (s.pruner = { type: 'median', settings: { nWarmupSteps: -1 } }))).toBe('pruner: MedianPruner option nWarmupSteps must be an integer >= 0, got -1');
    expect(errorOf((s) => (s.pruner = { type: 'successive-halving', settings: { reductionFactor: 1 } }))).toBe(
      'pruner: SuccessiveHalvingPruner option reductionFactor must be an integer >= 2, got 1',
    );
  });

  it('rejects a trial whose parameter changes kind from an earlier trial', () => {
    const snapshot = saved();
    const second = JSON.parse(JSON.stringify(snapshot.trials[0]));
    second.number = 1;
    second.distributions.x = { kind: 'int', low: 0, high: 1, log: false, step: 1 };
    second.params.x = 1;
    snapshot.trials.push(second);
    expect(() => Study.restore(snapshot as never)).toThrow('parameter "x" was first suggested as float(0, 1); int(0, 1, step=1) is a different kind of parameter');
  });

  it('round-trips stepped floats, infinities, failed and pruned trials and the pruner\'s rung values', () => {
    const pruner = new SuccessiveHalvingPruner({ reductionFactor: 2 });
    const study = new Study({ direction: 'maximize', sampler: new RandomSampler({ seed: 2 }), pruner });
    const first = study.ask();
    const q = first.suggestFloat('q', 0, 1, { step: 0.25 });
    first.report(1, -Infinity);
    // Maximised: the rung records the loss, +Infinity (saved as the string 'Infinity').
    expect(first.shouldPrune()).toBe(false);
    study.tell(first, -Infinity);
    study.tell(study.ask(), 'failed', 'out of memory');
    study.tell(study.ask(), 'pruned');
    const restored = Study.restore(JSON.stringify(study.toJSON()));
    expect(restored.trials.map((t) => [t.state, t.value, t.failReason])).toEqual([
      ['complete', -Infinity, null],
      ['failed', null, 'out of memory'],
      ['pruned', null, null],
    ]);
    expect(restored.trials[0].params).toEqual({ q });
    expect([...restored.trials[0].intermediateValues]).toEqual([[1, -Infinity]]);
    expect(study.toJSON().trials[0].systemAttributes).toEqual({ completed_rung_0: 'Infinity' });
    expect(study.toJSON().trials[0].value).toBe('-Infinity');
    expect(restored.toJSON().pruner).toEqual({ type: 'successive-halving', settings: { minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 0 } });
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(study.toJSON()));
  });
});
