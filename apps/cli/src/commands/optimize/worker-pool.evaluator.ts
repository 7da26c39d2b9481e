// Trials evaluated by a pool of worker threads. Jobs wait in one queue: single
// trials (a worker holds up to two, the second hiding a message's round trip)
// or whole fold studies (one per worker). Each result lands in its job's place,
// so a batch comes back in trial order and the studies in fold order however
// the work was shared out. When there are at least as many folds as workers,
// whole studies go to the workers, so the sampler's work runs in parallel too;
// otherwise the folds are sampled here and their trials spread over the
// workers. A worker that fails fails every job waiting on the pool.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StudyProgress, StudyRequest, TrialEvaluator, TrialOutcome, TrialRecord, TrialTask } from '@trading/optimization';
import { runFoldStudy } from '@trading/optimization';
import { strategyDefinition } from '@trading/strategies';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-messages';

const TRIALS_IN_FLIGHT = 2;

type Job =
  | { readonly kind: 'trial'; readonly id: number; readonly task: TrialTask; readonly settle: (result: TrialOutcome | Error) => void }
  | { readonly kind: 'study'; readonly id: number; readonly request: StudyRequest; readonly settle: (result: TrialRecord[] | Error) => void; readonly onProgress?: StudyProgress };

interface Slot {
  readonly worker: Worker;
  readonly running: Map<number, Job>;
}

export class WorkerPoolEvaluator implements TrialEvaluator {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly started: Promise<void>[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private onFailure: (error: Error) => void = () => undefined;
  private closing = false;

  constructor(
    workers: number,
    private readonly init: WorkerInit,
  ) {
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number >= 1, got ${workers}`);
    for (let k = 0; k < workers; k++) {
      const worker = new Worker(join(__dirname, 'trial.worker.js'), { workerData: init });
      const slot: Slot = { worker, running: new Map() };
      let ready!: () => void;
      this.started.push(new Promise((resolve) => (ready = resolve)));
      worker.on('message', (reply: WorkerReply) => (reply.kind === 'ready' ? ready() : this.onReply(slot, reply)));
      worker.on('error', (error: Error) => this.fail(new Error(`optimisation worker ${k + 1} failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`optimisation worker ${k + 1} exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  evaluate(tasks: readonly TrialTask[]): Promise<TrialOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const results = tasks.map((task) => new Promise<TrialOutcome>((resolve, reject) => this.queue.push({ kind: 'trial', id: this.nextId++, task, settle: settler(resolve, reject) })));
    this.dispatch();
    return Promise.all(results);
  }

  runStudies(requests: readonly StudyRequest[], onProgress?: StudyProgress): Promise<TrialRecord[][]> {
    if (requests.length < this.slots.length) {
      // Too few folds to keep every worker busy with a study: sample here, spread the trials.
      const specs = strategyDefinition(this.init.strategy).parameters;
      return Promise.all(requests.map((request) => runFoldStudy(request, specs, this, onProgress)));
    }
    if (this.failure) return Promise.reject(this.failure);
    const results = requests.map((request) => new Promise<TrialRecord[]>((resolve, reject) => this.queue.push({ kind: 'study', id: this.nextId++, request, settle: settler(resolve, reject), onProgress })));
    this.dispatch();
    return Promise.all(results);
  }

  /** Resolves once every worker has loaded its code (a benchmark waits for it before timing). */
  async ready(): Promise<void> {
    await Promise.race([Promise.all(this.started), new Promise<never>((_, reject) => (this.onFailure = reject))]);
  }

  /** Stops the threads; call once the run is over. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (this.queue.length > 0 && hasRoom(slot, this.queue[0])) {
        const job = this.queue.shift() as Job;
        slot.running.set(job.id, job);
        const request: WorkerRequest = job.kind === 'trial' ? { kind: 'trial', id: job.id, task: job.task } : { kind: 'study', id: job.id, request: job.request };
        slot.worker.postMessage(request);
      }
    }
  }

  private onReply(slot: Slot, reply: Exclude<WorkerReply, { kind: 'ready' }>): void {
    const job = slot.running.get(reply.id);
    if (!job) return;
    if (reply.kind === 'progress') {
      if (job.kind === 'study') job.onProgress?.(reply.fold, reply.done, reply.total);
      return;
    }
    slot.running.delete(reply.id);
    if (reply.kind === 'error') job.settle(new Error(`optimisation worker: ${reply.message}`));
    else if (reply.kind === 'trial' && job.kind === 'trial') job.settle(reply.outcome);
    else if (reply.kind === 'study' && job.kind === 'study') job.settle(reply.records);
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.onFailure(error);
    for (const slot of this.slots) {
      for (const job of slot.running.values()) job.settle(error);
      slot.running.clear();
    }
    for (const job of this.queue.splice(0)) job.settle(error);
  }
}

/** A study takes a whole worker; trials share one, a few at a time. */
function hasRoom(slot: Slot, next: Job): boolean {
  if (slot.running.size === 0) return true;
  const busyWithStudy = [...slot.running.values()].some((job) => job.kind === 'study');
  return !busyWithStudy && next.kind === 'trial' && slot.running.size < TRIALS_IN_FLIGHT;
}

function settler<T>(resolve: (value: T) => void, reject: (error: Error) => void): (result: T | Error) => void {
  return (result) => (result instanceof Error ? reject(result) : resolve(result));
}
