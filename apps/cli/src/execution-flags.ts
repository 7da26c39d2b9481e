// The flags that describe how orders fill and what the account holds
// (spread, slippage, commission, fill timing, swap, cash, currency), shared by
// every command that runs the kernel (backtest, optimize), so they are
// declared, documented and checked once. Light on purpose: command
// definitions import it before their actions load.
import type { Command } from 'commander';
import { Money } from '@trading/domain';
import { type FillModel, type SettingReader, cashSetting, commissionSetting, fillTimingSetting, slippageSetting, spreadSetting, swapSetting } from '@trading/simulated-venue';
import { CliError } from './cli-error';

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
  return {
    timing: flag('--fill', flags.fill, fillTimingSetting),
    spread: flag('--spread', flags.spread, spreadSetting),
    slippage: flag('--slippage', flags.slippage, slippageSetting),
    commission: flag('--commission', flags.commission, commissionSetting),
    swap: flags.swap === undefined ? undefined : flag('--swap', flags.swap, swapSetting),
  };
}

/** A flag's value through the setting's reader (shared with the paper venue's environment), or a CliError naming the flag. */
function flag<T>(name: string, text: string, setting: SettingReader<T>): T {
  const value = setting.read(text);
  if (value === undefined) throw new CliError(`${name}: expected ${setting.expected}, got "${text}"`);
  return value;
}

export function parseCash(amount: string, currency: string): Money {
  const cash = flag('--cash', amount, cashSetting);
  try {
    return Money.of(cash, currency);
  } catch (error) {
    throw new CliError(`--currency: ${(error as Error).message}`);
  }
}
