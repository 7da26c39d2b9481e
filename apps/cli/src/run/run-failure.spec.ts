// A guarded wait ends with the failure as soon as the wire trips, and a wait
// started after it fails at once; an untripped wire changes nothing.
import { RunFailure } from './run-failure';

const never = (): Promise<void> => new Promise<void>(() => undefined);

describe('RunFailure', () => {
  it("passes a wait's own outcome through while nothing failed", async () => {
    const failure = new RunFailure();
    await expect(failure.guard(Promise.resolve(42))).resolves.toBe(42);
    await expect(failure.guard(Promise.reject(new Error('its own error')))).rejects.toThrow('its own error');
    expect(failure.failure).toBeUndefined();
  });

  it('ends a wait that would never end with the first failure, and fails later waits at once', async () => {
    const failure = new RunFailure();
    const waiting = failure.guard(never());
    failure.fail(new Error('risk (pid 4711) exited with code 1'));
    failure.fail(new Error('a second failure does not replace the first'));
    await expect(waiting).rejects.toThrow('risk (pid 4711) exited with code 1');
    await expect(failure.guard(never())).rejects.toThrow('risk (pid 4711) exited with code 1');
    expect(failure.failure?.message).toBe('risk (pid 4711) exited with code 1');
  });

  it("guards the lockstep coordinator's waits", async () => {
    const failure = new RunFailure();
    let stopped = false;
    const coordinator = { step: never, quiesce: never, handled: never, stop: async () => void (stopped = true) } as unknown as Parameters<RunFailure['guardCoordinator']>[0];
    const guarded = failure.guardCoordinator(coordinator);
    const waits = [guarded.step(0, async () => []), guarded.quiesce(), guarded.handled(['id'])];
    failure.fail(new Error('strategy-swing (pid 99) was killed by SIGKILL'));
    for (const wait of waits) await expect(wait).rejects.toThrow('strategy-swing (pid 99) was killed by SIGKILL');
    await guarded.stop();
    expect(stopped).toBe(true);
  });
});
