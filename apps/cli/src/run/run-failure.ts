// A run's tripwire: something the run depends on but does not await (a child
// process of `trading run --processes`) trips it when it fails, and every wait
// of the run guarded by it rejects at once with that error, instead of the
// replay's barrier waiting out its step timeout for receipts that will never
// come.
import type { LockstepCoordinator } from '@trading/runtime';

/** The lockstep coordinator as the run uses it. */
export type Coordinator = Pick<LockstepCoordinator, 'step' | 'quiesce' | 'handled' | 'stop'>;

export class RunFailure {
  private error: Error | undefined;
  private readonly tripped: Promise<never>;
  private reject!: (error: Error) => void;

  constructor() {
    this.tripped = new Promise<never>((_, reject) => (this.reject = reject));
    // Nobody may be waiting when it trips; the error still reaches the next guarded wait.
    this.tripped.catch(() => undefined);
  }

  /** The first failure, if any. */
  get failure(): Error | undefined {
    return this.error;
  }

  /** Trips the wire; only the first failure counts. */
  fail(error: Error): void {
    if (this.error !== undefined) return;
    this.error = error;
    this.reject(error);
  }

  /** `promise`, or the failure as soon as there is one (at once when there was one already). */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.error !== undefined) {
      promise.catch(() => undefined);
      return Promise.reject(this.error);
    }
    return Promise.race([promise, this.tripped]);
  }

  /** The coordinator with each of its waits guarded. */
  guardCoordinator(coordinator: LockstepCoordinator): Coordinator {
    return {
      step: (time, publish) => this.guard(coordinator.step(time, publish)),
      quiesce: () => this.guard(coordinator.quiesce()),
      handled: (ids) => this.guard(coordinator.handled(ids)),
      stop: () => coordinator.stop(),
    };
  }
}
