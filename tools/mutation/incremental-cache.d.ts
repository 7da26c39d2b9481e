// Types of incremental-cache.js for the specs (the runner is plain Node, no compile step).
import type { MutationGroup, MutationLibrary } from './libraries';

export function runSpecs(root: string, target: { readonly library: MutationLibrary; readonly group?: MutationGroup }): string[];
export function dropStaleStaticResults(root: string, path: string, specs: readonly string[]): number;
export function dropTimeoutResults(path: string): number;
