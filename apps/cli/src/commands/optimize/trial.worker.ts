// An optimisation worker thread: it receives the run's bars, strategy and
// settings once, then evaluates trials, or runs whole fold studies, one
// message at a time with the same pure functions the main thread would use.
// Return arrays travel back transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { type EvaluationContext, LocalTrialEvaluator, type TrialOutcome, evaluateTask, runFoldStudy } from '@trading/optimization';
import { strategyDefinition } from '@trading/strategies';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-messages';

const init = workerData as WorkerInit;
const context: EvaluationContext = { strategy: strategyDefinition(init.strategy), feeds: init.feeds, settings: init.settings };
const local = new LocalTrialEvaluator(context);
const port = parentPort;
if (port === null) throw new Error('trial.worker must run in a worker thread');
const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);

function buffersOf(outcomes: readonly TrialOutcome[]): ArrayBuffer[] {
  return outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [outcome.returns.buffer as ArrayBuffer, outcome.periodEnds.buffer as ArrayBuffer] : []));
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.kind === 'trial') {
    const outcome = evaluateTask(context, request.task);
    send({ kind: 'trial', id: request.id, outcome }, buffersOf([outcome]));
    return;
  }
  const records = await runFoldStudy(request.request, context.strategy.parameters, local, (fold, done, total) => send({ kind: 'progress', id: request.id, fold, done, total }));
  send({ kind: 'study', id: request.id, records }, buffersOf(records.map((record) => record.outcome)));
}

port.on('message', (request: WorkerRequest) => {
  handle(request).catch((error: unknown) => send({ kind: 'error', id: request.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
send({ kind: 'ready' });
