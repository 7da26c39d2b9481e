import { RandomSampler } from './samplers/random.sampler';
import { TpeSampler } from './samplers/tpe.sampler';
import { Study } from './study';
import { TrialPrunedError } from './trial';

describe('Study', () => {
  it('records told values and answers for the best trial in either direction', () => {
    for (const [direction, best] of [
      ['minimize', 1],
      ['maximize', 7],
    ] as const) {
      const study = new Study({ direction, sampler: new RandomSampler({ seed: 1 }) });
      for (const value of [3, 1, 7, 5]) study.tell(study.ask(), value);
      expect(study.bestValue).toBe(best);
      expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    }
  });

  it('records a NaN objective value as a failed trial and leaves it out of the best', () => {
    const study = new Study();
    study.tell(study.ask(), 2);
    const failed = study.tell(study.ask(), NaN);
    expect(failed.state).toBe('failed');
    expect(failed.failReason).toBe('objective value is NaN');
    expect(study.bestValue).toBe(2);
  });

  it('throws when no trial is complete yet and when a trial is told twice', () => {
    const study = new Study();
    expect(() => study.bestTrial).toThrow('no complete trial yet');
    const trial = study.ask();
    study.tell(trial, 1);
    expect(() => study.tell(trial, 2)).toThrow('cannot tell trial 0: it is already complete');
    expect(() => trial.suggestFloat('x', 0, 1)).toThrow('it is already complete');
  });

  it('returns the same value when a parameter is re-suggested identically and rejects a different distribution', () => {
    const study = new Study();
    const trial = study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    expect(trial.suggestFloat('x', 0, 1)).toBe(x);
    expect(() => trial.suggestFloat('x', 0, 2)).toThrow('parameter "x" was already suggested in trial 0 as float(0, 1); it cannot be re-suggested as float(0, 2)');
    study.tell(trial, x);
    expect(() => study.ask().suggestInt('x', 0, 5)).toThrow('parameter "x" was first suggested as float(0, 1); int(0, 5, step=1) is a different kind of parameter');
  });

  it('suggests only valid values for int, stepped, log and categorical parameters', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 3, nStartupTrials: 5 }) });
    for (let i = 0; i < 40; i++) {
      const trial = study.ask();
      const n = trial.suggestInt('n', 2, 50, { step: 4 });
      const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
      const q = trial.suggestFloat('q', 0, 1, { step: 0.25 });
      const k = trial.suggestInt('k', 1, 1000, { log: true });
      const c = trial.suggestCategorical('c', ['sma', 'ema', null]);
      expect((n - 2) % 4).toBe(0);
      expect(n).toBeLessThanOrEqual(50);
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(q);
      expect(Number.isInteger(k) && k >= 1 && k <= 1000).toBe(true);
      expect(['sma', 'ema', null]).toContain(c);
      study.tell(trial, Math.abs(Math.log10(lr) + 3) + Math.abs(n - 30) / 10 + (c === 'ema' ? 0 : 1));
    }
    // With 35 model-driven trials the good region is found: ema, lr near 1e-3, n near 30.
    const best = study.bestParams;
    expect(best.c).toBe('ema');
    expect(study.bestValue).toBeLessThan(1);
  });

  it('handles conditional parameters that exist only for some choices', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 9, nStartupTrials: 8 }) });
    for (let i = 0; i < 60; i++) {
      const trial = study.ask();
      const model = trial.suggestCategorical('model', ['linear', 'tree']);
      let loss: number;
      if (model === 'linear') loss = 1 + Math.abs(trial.suggestFloat('alpha', 0, 1) - 0.5);
      else loss = Math.abs(trial.suggestInt('depth', 1, 12) - 7) / 4;
      study.tell(trial, loss);
    }
    expect(study.bestParams).toEqual({ model: 'tree', depth: 7 });
    const treeTrials = study.trials.filter((t) => t.params.model === 'tree');
    expect(treeTrials.every((t) => !('alpha' in t.params) && 'depth' in t.params)).toBe(true);
  });

  it('runs sync and async objectives, several in flight, and counts started trials', async () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 4 }) });
    await study.optimize((trial) => trial.suggestFloat('x', -3, 3) ** 2, { nTrials: 12 });
    let inFlight = 0;
    let maxInFlight = 0;
    await study.optimize(
      async (trial) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const x = trial.suggestFloat('x', -3, 3);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return x * x;
      },
      { nTrials: 20, concurrency: 4 },
    );
    expect(study.trials).toHaveLength(32);
    expect(maxInFlight).toBe(4);
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('stops starting trials once the timeout has passed on the injected clock', async () => {
    let now = 0;
    const study = new Study({ clock: { now: () => now } });
    await study.optimize(
      (trial) => {
        now += 10;
        return trial.suggestFloat('x', 0, 1);
      },
      { timeoutMs: 35 },
    );
    expect(study.trials).toHaveLength(4);
  });

  it('records thrown objectives as failed, prunes on TrialPrunedError, and rethrows unless told to catch', async () => {
    const study = new Study();
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        trial.report(0, x);
        if (trial.number === 1) throw new TrialPrunedError();
        if (trial.number === 2) throw new Error('boom');
        return x;
      },
      { nTrials: 4, catchErrors: true },
    );
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'failed', 'complete']);
    expect(study.trials[1].value).toBe(study.trials[1].params.x);
    expect(study.trials[2].failReason).toBe('objective threw: boom');
    await expect(
      study.optimize(() => {
        throw new Error('bad objective');
      }, { nTrials: 3 }),
    ).rejects.toThrow('bad objective');
    expect(study.trials).toHaveLength(5);
    expect(study.trials[4].state).toBe('failed');
  });

  it('rejects bad optimize options and bad reports', async () => {
    const study = new Study();
    await expect(study.optimize(() => 1, {})).rejects.toThrow('optimize needs nTrials or timeoutMs');
    await expect(study.optimize(() => 1, { nTrials: 1, concurrency: 0 })).rejects.toThrow('concurrency must be a positive integer');
    const trial = study.ask();
    expect(() => trial.report(-1, 1)).toThrow('step must be a non-negative integer');
    expect(() => trial.report(0, NaN)).toThrow('value at step 0 must be a number');
    trial.report(0, 1);
    expect(() => trial.report(0, 2)).toThrow('already reported step 0');
  });

  it('gives the same suggestions for the same seed', () => {
    const run = (seed: number): number[] => {
      const study = new Study({ sampler: new TpeSampler({ seed }) });
      const xs: number[] = [];
      for (let i = 0; i < 25; i++) {
        const trial = study.ask();
        const x = trial.suggestFloat('x', -5, 5);
        xs.push(x);
        study.tell(trial, (x - 1) ** 2);
      }
      return xs;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(6)).not.toEqual(run(5));
  });
});
