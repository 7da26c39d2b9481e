// Types of changed-lines.js for the specs (the runner is plain Node, no compile step).
import type { MutationLibrary } from './libraries';

export function parseUnifiedDiff(text: string): { file: string; first: number; last: number }[];
export function changedTargets(
  revision: string,
  cwd: string,
): { targets: { library: MutationLibrary; mutate: string[] }[]; error?: undefined } | { error: string; targets?: undefined };
