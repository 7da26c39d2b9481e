// Types of libraries.js for the specs (the runner is plain Node, no compile step).
export interface MutationGroup {
  readonly name: string;
  readonly label: string;
  /** Mutation score the group should reach, percent. */
  readonly goal: number;
  /** Path prefixes (a folder ends with /) relative to the repository root. */
  readonly files: readonly string[];
  /** The specs its run executes (globs from the repository root), when not those beside its files. */
  readonly specs?: readonly string[];
}

export interface MutationLibrary {
  readonly name: string;
  /** Path prefixes of the code it mutates (a folder ends with /). */
  readonly sources: readonly string[];
  /** Stryker's mutate globs: the sources less specs, index.ts and testing/. */
  readonly mutate: readonly string[];
  readonly groups: readonly MutationGroup[];
}

export const libraries: readonly MutationLibrary[];
export function groupOf(library: MutationLibrary, file: string): MutationGroup | undefined;
export function groupMutate(library: MutationLibrary, group: MutationGroup): string[];
export function groupSpecs(group: MutationGroup): string[];
export function isMutated(library: MutationLibrary, file: string): boolean;
