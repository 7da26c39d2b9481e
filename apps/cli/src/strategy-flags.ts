// `--strategy a,b,c` and `--params`: which strategies run, with which
// parameters. One strategy takes its parameters as a JSON object; several take
// one object per strategy name ({"scalping":{"rsiPeriod":9}}); a strategy left
// out gets its defaults.
import type { StrategyRun } from '@trading/backtest';
import { type ParameterValues, type StrategyDefinition, resolveParameters, strategyDefinition } from '@trading/strategies';
import { CliError } from './cli-error';

export function parseStrategy(name: string): StrategyDefinition {
  try {
    return strategyDefinition(name);
  } catch (error) {
    throw new CliError(`--strategy: ${(error as Error).message}`);
  }
}

export function parseParams(definition: StrategyDefinition, text: string | undefined): ParameterValues {
  return resolveFor(definition, text === undefined ? {} : parseJson(text), '--params');
}

/** The strategies of `--strategy a,b` with their `--params`, in the order given. */
export function parseStrategyRuns(list: string, params: string | undefined): StrategyRun[] {
  const names = list.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new CliError(`--strategy: expected names separated by commas, got "${list}"`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new CliError(`--strategy: ${name} given twice`);
    seen.add(name);
  }
  const definitions = names.map(parseStrategy);
  if (definitions.length === 1) return [{ definition: definitions[0], parameters: parseParams(definitions[0], params) }];
  const raw = params === undefined ? {} : parseJson(params);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CliError('--params: with several strategies, give an object per strategy name, e.g. {"scalping":{"rsiPeriod":9}}');
  const byName = raw as Record<string, unknown>;
  for (const key of Object.keys(byName)) {
    if (!seen.has(key)) throw new CliError(`--params: "${key}" is not one of the strategies run (${names.join(', ')})`);
  }
  return definitions.map((definition) => ({ definition, parameters: resolveFor(definition, byName[definition.name] ?? {}, `--params ${definition.name}`) }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`--params: not valid JSON: ${text}`);
  }
}

function resolveFor(definition: StrategyDefinition, raw: unknown, flag: string): ParameterValues {
  try {
    return resolveParameters(definition.name, definition.parameters, raw);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`);
  }
}
