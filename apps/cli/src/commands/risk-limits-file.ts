// `--risk <limits.json>` read and checked once for every command that runs
// the risk engine (backtest, optimize, run): an unreadable file, bad JSON and
// every limits issue are one CliError naming the flag.
import { readFileSync } from 'node:fs';
import { parseRiskLimits, type RiskLimits, RiskLimitsError } from '@trading/risk-engine';
import { CliError } from '../cli-error';

/** Reads and checks --risk: unreadable file, bad JSON and every limits issue are one CliError naming the flag. */
export function readRiskLimits(path: string, currency: string): RiskLimits {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`--risk: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--risk: ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  let limits: RiskLimits;
  try {
    limits = parseRiskLimits(raw);
  } catch (error) {
    if (error instanceof RiskLimitsError) throw new CliError(`--risk: ${path}: ${error.issues.join('; ')}`);
    throw error;
  }
  if (limits.accountCurrency !== currency) throw new CliError(`--risk: ${path} has accountCurrency ${limits.accountCurrency} but --currency is ${currency}`);
  return limits;
}
