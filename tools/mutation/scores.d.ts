// Types of scores.js for the specs (the runner is plain Node, no compile step).
import type { MutationLibrary } from './libraries';

export interface Tally {
  readonly name: string;
  readonly goal?: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly equivalent: number;
}

export interface MutantKey {
  readonly file: string;
  readonly line: string;
  readonly original: string;
  readonly mutator: string;
  readonly replacement: string;
}

export interface UndetectedMutant extends MutantKey {
  readonly at: string;
  readonly status: string;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: Position; readonly end: Position };
  readonly status: string;
}

export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>>;
}

export function scoreReport(
  library: MutationLibrary,
  report: MutationReport,
  equivalents?: readonly MutantKey[],
): { total: Tally; groups: Tally[]; toKill: UndetectedMutant[]; equivalent: UndetectedMutant[] };
export function score(tally: Tally): { all: number | undefined; withoutEquivalent: number | undefined };
export function mutantKey(file: string, source: string, mutant: ReportMutant): MutantKey;
export function formatTable(tallies: readonly Tally[]): string;
export function formatMutant(mutant: UndetectedMutant): string;
export function readJson(path: string): unknown;
/** Every listed equivalent mutant, from one JSON file per library in `directory`. */
export function readEquivalents(directory: string): (MutantKey & { readonly reason: string })[];
