// What the validator does with each kind of finding. "drop" removes a redundant
// row (a repeat, a step back in time): the series is repaired. "reject" removes
// an invalid row (unreadable, non-positive, inconsistent OHLC). "report" passes
// the row on and lists the finding. Dropped and rejected rows are never passed
// on, and both are counted in the report, so nothing disappears silently.
import { FINDING_KINDS, type FindingKind } from './finding';

export type FindingAction = 'drop' | 'reject' | 'report';
export type ValidationPolicy = Readonly<Record<FindingKind, FindingAction>>;

export const DEFAULT_VALIDATION_POLICY: ValidationPolicy = Object.freeze({
  duplicate: 'drop',
  backwards: 'drop',
  // A row earlier than the last row passed on, without being a step back from
  // its own predecessor: it follows a backward step. Passing it would break the
  // time order every consumer relies on.
  unordered: 'drop',
  gap: 'report',
  ohlc: 'reject',
  nonpositive: 'reject',
  nonfinite: 'reject',
  // A time before 1970 or from 2100 on is a broken field, never a bar.
  timerange: 'reject',
  spike: 'report',
  stale: 'report',
});

// Gaps and stale runs describe a stretch of the series, not one broken row.
const REPORT_ONLY: readonly FindingKind[] = ['gap', 'stale'];
// Passing these on would break time order (a repeated time, a step back) or
// hand NaN to indicators: the output is promised strictly ordered and finite.
const NEVER_PASSED: readonly FindingKind[] = ['nonfinite', 'timerange', 'unordered', 'duplicate', 'backwards'];

/** The default policy with `overrides` applied; throws naming a kind or action it does not know or allow. */
export function validationPolicy(overrides: Partial<Record<string, string>> = {}): ValidationPolicy {
  const policy: Record<string, FindingAction> = { ...DEFAULT_VALIDATION_POLICY };
  for (const [kind, action] of Object.entries(overrides)) {
    if (action === undefined) continue;
    if (!(FINDING_KINDS as readonly string[]).includes(kind)) throw new RangeError(`unknown finding kind "${kind}" (expected one of ${FINDING_KINDS.join(', ')})`);
    if (action !== 'drop' && action !== 'reject' && action !== 'report') throw new RangeError(`unknown action "${action}" for ${kind} (expected drop, reject or report)`);
    if (REPORT_ONLY.includes(kind as FindingKind) && action !== 'report') throw new RangeError(`${kind} findings can only be reported, not "${action}"`);
    if (NEVER_PASSED.includes(kind as FindingKind) && action === 'report') throw new RangeError(`${kind} rows cannot be passed on ("report"); use drop or reject`);
    policy[kind] = action;
  }
  return Object.freeze(policy) as ValidationPolicy;
}
