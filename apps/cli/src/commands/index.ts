// Every command of the `trading` binary, in the order `--help` lists them.
import type { Command } from 'commander';

export type CommandRegistration = (program: Command) => void;

export const commandRegistrations: readonly CommandRegistration[] = [];
