// The shipped strategies, by name: what the CLI, the optimizer and the
// strategy services look strategies up in.
import type { StrategyDefinition } from './core/strategy';
import { intradayStrategy } from './intraday/intraday.strategy';
import { scalpingStrategy } from './scalping/scalping.strategy';
import { smaCrossoverStrategy } from './sma-crossover/sma-crossover.strategy';
import { swingStrategy } from './swing/swing.strategy';

const DEFINITIONS: readonly StrategyDefinition[] = [scalpingStrategy, intradayStrategy, swingStrategy, smaCrossoverStrategy];

export function strategyDefinitions(): readonly StrategyDefinition[] {
  return DEFINITIONS;
}

export function strategyDefinition(name: string): StrategyDefinition {
  const found = DEFINITIONS.find((definition) => definition.name === name);
  if (!found) throw new RangeError(`unknown strategy "${name}" (expected one of ${DEFINITIONS.map((d) => d.name).join(', ')})`);
  return found;
}
