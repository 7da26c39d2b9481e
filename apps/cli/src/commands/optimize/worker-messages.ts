// What the main thread and the optimisation workers say to each other. A
// worker evaluates single trials, or runs a whole fold study and reports its
// progress after each batch.
import type { BarColumns } from '@trading/domain';
import type { StudyRequest, TrialOutcome, TrialRecord, TrialSettings, TrialTask } from '@trading/optimization';

export interface WorkerInit {
  /** A name from the strategy registry (definitions hold functions, which cannot cross threads). */
  readonly strategy: string;
  readonly feeds: readonly BarColumns[];
  readonly settings: TrialSettings;
}

export type WorkerRequest =
  | { readonly kind: 'trial'; readonly id: number; readonly task: TrialTask }
  | { readonly kind: 'study'; readonly id: number; readonly request: StudyRequest };

export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'trial'; readonly id: number; readonly outcome: TrialOutcome }
  | { readonly kind: 'study'; readonly id: number; readonly records: TrialRecord[] }
  | { readonly kind: 'progress'; readonly id: number; readonly fold: number; readonly done: number; readonly total: number }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };
