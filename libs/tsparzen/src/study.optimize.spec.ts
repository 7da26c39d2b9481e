import { RandomSampler } from './samplers/random.sampler';
import { Study } from './study';

/** A study on a clock that the objective advances by 10 ms per trial. */
function clocked(): { study: Study; tick: () => void } {
  let now = 0;
  return { study: new Study({ sampler: new RandomSampler(), clock: { now: () => now } }), tick: () => (now += 10) };
}

describe('Study.optimize', () => {
  it('starts no trial once exactly timeoutMs has passed, and none at all with a zero timeout', async () => {
    // Trials start at 0, 10 and 20 ms; at 30 ms the 30 ms budget is spent.
    const { study, tick } = clocked();
    await study.optimize(() => (tick(), 1), { timeoutMs: 30 });
    expect(study.trials).toHaveLength(3);
    const idle = clocked();
    await idle.study.optimize(() => (idle.tick(), 1), { timeoutMs: 0 });
    expect(idle.study.trials).toHaveLength(0);
  });

  it('reads performance.now() for the timeout when no clock is injected', async () => {
    // A minute is far more than three trials take; a clock that gave no number would start none.
    const study = new Study({ sampler: new RandomSampler() });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3, timeoutMs: 60_000 });
    expect(study.trials).toHaveLength(3);
  });

  it('stops at whichever of nTrials and timeoutMs comes first, and starts nothing for nTrials 0', async () => {
    const { study, tick } = clocked();
    await study.optimize(() => (tick(), 1), { nTrials: 2, timeoutMs: 1000 });
    await study.optimize(() => (tick(), 1), { nTrials: 50, timeoutMs: 25 });
    await study.optimize(() => (tick(), 1), { nTrials: 0 });
    expect(study.trials).toHaveLength(5);
  });

  it('rejects a negative or fractional nTrials, a negative or NaN timeout and a fractional concurrency', async () => {
    const study = new Study();
    await expect(study.optimize(() => 1, { nTrials: -1 })).rejects.toThrow('nTrials must be a non-negative integer, got -1');
    await expect(study.optimize(() => 1, { nTrials: 1.5 })).rejects.toThrow('nTrials must be a non-negative integer, got 1.5');
    await expect(study.optimize(() => 1, { timeoutMs: -1 })).rejects.toThrow('timeoutMs must be a non-negative number, got -1');
    await expect(study.optimize(() => 1, { timeoutMs: NaN })).rejects.toThrow('timeoutMs must be a non-negative number, got NaN');
    await expect(study.optimize(() => 1, { nTrials: 1, concurrency: 1.5 })).rejects.toThrow('concurrency must be a positive integer, got 1.5');
    expect(study.trials).toHaveLength(0);
  });

  it('records an objective that returns no number, or throws a non-error, as failed with the reason', async () => {
    const study = new Study({ sampler: new RandomSampler() });
    const results: unknown[] = ['1', undefined];
    await study.optimize(() => results[study.trials.length - 1] as number, { nTrials: 2 });
    await study.optimize(
      () => {
        throw 'disk full';
      },
      { nTrials: 1, catchErrors: true },
    );
    expect(study.trials.map((t) => [t.state, t.failReason])).toEqual([
      ['failed', 'objective returned string, not a number'],
      ['failed', 'objective returned undefined, not a number'],
      ['failed', 'objective threw: disk full'],
    ]);
  });

  it('rethrows the first error of trials in flight, and starts no trial after it', async () => {
    const study = new Study({ sampler: new RandomSampler() });
    const objective = async (trial: { number: number }): Promise<number> => {
      await Promise.resolve();
      throw new Error(`error in trial ${trial.number}`);
    };
    await expect(study.optimize(objective, { nTrials: 10, concurrency: 2 })).rejects.toThrow('error in trial 0');
    // Both workers had started a trial before the first one failed; neither starts another.
    expect(study.trials.map((t) => t.failReason)).toEqual(['objective threw: error in trial 0', 'objective threw: error in trial 1']);
  });
});
