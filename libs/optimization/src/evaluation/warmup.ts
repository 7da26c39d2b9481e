// How many bars before a window a strategy needs to warm up, whatever the
// trial's parameters: the largest warm-up of the strategy built with its
// defaults, with each numeric parameter at its maximum alone, and with all of
// them at their maxima under every combination of choices. One lead for all
// trials keeps their bars, and so their return periods, identical within a fold.
import { ManualClock, type BarColumns, instrumentFor } from '@trading/domain';
import { type ParameterSpec, type ParameterValue, type StrategyDefinition, defaultParameters, resolveParameters } from '@trading/strategies';

const MAX_CHOICE_COMBINATIONS = 64;

export function warmupBars(definition: StrategyDefinition, feed: BarColumns): number {
  const context = { symbol: feed.symbol, timeframe: feed.timeframe, instrument: instrumentFor(feed.symbol), clock: new ManualClock(0), positionSide: () => 0 };
  let most = 0;
  for (const candidate of probes(definition.parameters)) {
    try {
      const parameters = resolveParameters(definition.name, definition.parameters, candidate);
      most = Math.max(most, definition.create(parameters, context).warmupBars);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return most;
}

function probes(specs: readonly ParameterSpec[]): Record<string, ParameterValue>[] {
  const defaults = { ...defaultParameters(specs) };
  const out: Record<string, ParameterValue>[] = [defaults];
  const maxima: Record<string, ParameterValue> = { ...defaults };
  for (const spec of specs) {
    if (spec.type !== 'int' && spec.type !== 'float') continue;
    out.push({ ...defaults, [spec.name]: spec.max });
    maxima[spec.name] = spec.max;
  }
  let combinations: Record<string, ParameterValue>[] = [maxima];
  for (const spec of specs) {
    const options: readonly ParameterValue[] = spec.type === 'choice' ? spec.choices : spec.type === 'bool' ? [false, true] : [];
    if (options.length === 0 || combinations.length * options.length > MAX_CHOICE_COMBINATIONS) continue;
    combinations = combinations.flatMap((combination) => options.map((option) => ({ ...combination, [spec.name]: option })));
  }
  return [...out, ...combinations];
}
