// Every command of the `trading` binary, in the order `--help` lists them.
import type { Command } from 'commander';
import { registerBacktest } from './backtest.command';
import { registerBench } from './bench.command';
import { registerCheckBias } from './check-bias.command';
import { registerDataCheck } from './data-check.command';
import { registerImport } from './import.command';
import { registerIndicators } from './indicators.command';
import { registerRun } from './run.command';
import { registerServe } from './serve.command';

export type CommandRegistration = (program: Command) => void;

export const commandRegistrations: readonly CommandRegistration[] = [registerRun, registerServe, registerImport, registerBench, registerDataCheck, registerIndicators, registerBacktest, registerCheckBias];
