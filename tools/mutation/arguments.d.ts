// Types of arguments.js for the specs (the runner is plain Node, no compile step).
import type { MutationGroup, MutationLibrary } from './libraries';

export interface MutationTarget {
  readonly library: MutationLibrary;
  readonly group?: MutationGroup;
}

export type ParsedArguments =
  | {
      readonly targets: MutationTarget[];
      /** The revision whose diff picks what to mutate (--changed); targets is then empty. */
      readonly changed?: string;
      readonly full: boolean;
      /** Drop the cache's timed-out results first, so those mutants run again. */
      readonly retestTimeouts: boolean;
      readonly concurrency: number;
      readonly error?: undefined;
    }
  | { readonly error: string; readonly targets?: undefined; readonly changed?: undefined; readonly full?: undefined; readonly retestTimeouts?: undefined; readonly concurrency?: undefined };

export function parseArguments(argv: readonly string[]): ParsedArguments;
export const usage: string;
