// The flags that describe how orders fill and what the account holds
// (spread, slippage, commission, fill timing, swap, cash, currency), shared by
// every command that runs the kernel (backtest, optimize), so they are
// declared, documented and checked once. Light on purpose: command
// definitions import it before their actions load.
import type { Command } from 'commander';
import { Money } from '@trading/domain';
import type { CommissionModel, FillModel, SlippageModel, SpreadModel, SwapModel } from '@trading/simulated-venue';
import { CliError } from './cli-error';
import { wholeNumberFlag } from './whole-number-flag';

export interface ExecutionFlags {
  readonly spread: string;
  readonly slippage: string;
  readonly commission: string;
  readonly fill: string;
  readonly swap?: string;
  readonly cash: string;
  readonly currency: string;
}

export function addExecutionOptions(command: Command): Command {
  return command
    .option('--spread <bar|pips>', '"bar" for the bar spread column, or a fixed spread in pips', 'bar')
    .option('--slippage <model>', '"none", pips (e.g. 0.2), or atr:<fraction>[:period] (e.g. atr:0.05:14)', 'none')
    .option('--commission <model>', '"none", per-lot:<amount> or bps:<basis points> (each side)', 'none')
    .option('--fill <timing>', 'next-open or close', 'next-open')
    .option('--swap <long:short>', 'financing per lot per night in account currency, e.g. -6.5:1.2')
    .option('--cash <amount>', 'initial cash', '10000')
    .option('--currency <code>', 'account currency', 'USD');
}

export function parseFillModel(flags: Pick<ExecutionFlags, 'fill' | 'spread' | 'slippage' | 'commission' | 'swap'>): FillModel {
  if (flags.fill !== 'next-open' && flags.fill !== 'close') throw new CliError(`--fill: expected next-open or close, got "${flags.fill}"`);
  let spread: SpreadModel;
  if (flags.spread === 'bar') spread = { source: 'bar' };
  else spread = { source: 'fixed', pips: parseNonNegative('--spread', flags.spread, 'bar or a number of pips') };
  let slippage: SlippageModel = { kind: 'none' };
  if (flags.slippage.startsWith('atr:')) {
    const [, fraction, period = '14'] = flags.slippage.split(':');
    slippage = { kind: 'atr-fraction', fraction: parseNonNegative('--slippage', fraction, 'atr:<fraction>[:period]'), period: wholeNumberFlag(period, '--slippage', 0) };
  } else if (flags.slippage !== 'none') {
    slippage = { kind: 'fixed-pips', pips: parseNonNegative('--slippage', flags.slippage, 'none, pips or atr:<fraction>[:period]') };
  }
  let commission: CommissionModel = { kind: 'none' };
  if (flags.commission.startsWith('per-lot:')) commission = { kind: 'per-lot', amount: parseNonNegative('--commission', flags.commission.slice(8), 'per-lot:<amount>') };
  else if (flags.commission.startsWith('bps:')) commission = { kind: 'bps', bps: parseNonNegative('--commission', flags.commission.slice(4), 'bps:<basis points>') };
  else if (flags.commission !== 'none') throw new CliError(`--commission: expected none, per-lot:<amount> or bps:<basis points>, got "${flags.commission}"`);
  let swap: SwapModel | undefined;
  if (flags.swap !== undefined) {
    const parts = flags.swap.split(':').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new CliError(`--swap: expected <long>:<short> per lot per night, got "${flags.swap}"`);
    swap = { longPerLot: parts[0], shortPerLot: parts[1] };
  }
  return { timing: flags.fill, spread, slippage, commission, swap };
}

export function parseCash(amount: string, currency: string): Money {
  const value = Number(amount);
  if (!(value > 0)) throw new CliError(`--cash: expected an amount > 0, got "${amount}"`);
  try {
    return Money.of(amount, currency);
  } catch (error) {
    throw new CliError(`--currency: ${(error as Error).message}`);
  }
}

export function parseNonNegative(flag: string, text: string, expected: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new CliError(`${flag}: expected ${expected}, got "${text}"`);
  return value;
}
