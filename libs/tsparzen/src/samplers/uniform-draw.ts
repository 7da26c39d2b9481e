// A draw uniform over a parameter's model space: the random sampler, and TPE's
// start-up phase.
import { type Distribution, type ParamValue, fromModel, modelBounds } from '../distributions';
import type { SeededGenerator } from '../random';

export function drawUniform(random: SeededGenerator, distribution: Distribution): ParamValue {
  if (distribution.kind === 'categorical') return distribution.choices[random.nextInt(distribution.choices.length)];
  const { low, high } = modelBounds(distribution);
  return fromModel(distribution, random.uniform(low, high));
}
