// An optimizer.params message checked against the strategy's parameter space
// and what this service trades, turned into the change the strategy host
// applies at the next bar boundary. Anything wrong is a RejectMessage naming
// the parameter or field: the message can never succeed, so it is
// dead-lettered with that reason.
import type { StrategyParametersPromoted } from '@trading/contracts';
import type { ParametersChange } from '@trading/kernel-hosts';
import { RejectMessage } from '@trading/messaging';
import { type ParameterValues, resolveParameters } from '@trading/strategies';
import { type StrategyServiceSettings, warmupOf } from '../strategy-service.config';

/** The version signals carry once a promotion is in effect. */
export function promotionVersion(promotion: Pick<StrategyParametersPromoted, 'studyId' | 'trialId'>): string {
  return `${promotion.studyId}/${promotion.trialId}`;
}

export function parametersChangeOf(promotion: StrategyParametersPromoted, settings: StrategyServiceSettings): ParametersChange {
  const name = settings.definition.name;
  if (promotion.strategy !== name) throw new RejectMessage(`optimizer.params for strategy "${promotion.strategy}" reached the ${name} service`);
  if (promotion.symbol !== undefined && !settings.symbols.includes(promotion.symbol)) {
    throw new RejectMessage(`symbol: ${name} does not trade ${promotion.symbol} here (it trades ${settings.symbols.join(', ')})`);
  }
  if (promotion.timeframe !== undefined && promotion.timeframe !== settings.timeframe) {
    throw new RejectMessage(`timeframe: ${name} trades ${settings.timeframe} here, not ${promotion.timeframe}`);
  }
  let parameters: ParameterValues;
  try {
    parameters = resolveParameters(name, settings.definition.parameters, promotion.params);
    // Rules between parameters (fast below slow, a buildable timeframe) are the definition's to check.
    for (const symbol of promotion.symbol === undefined ? settings.symbols : [promotion.symbol]) warmupOf(settings.definition, parameters, symbol, settings.timeframe);
  } catch (error) {
    throw new RejectMessage(error instanceof Error ? error.message : String(error));
  }
  return {
    strategy: name,
    parameters,
    version: promotionVersion(promotion),
    symbol: promotion.symbol,
    timeframe: promotion.timeframe,
    effectiveFrom: promotion.effectiveFrom,
  };
}

/** The parameters that differ, as name: [old, new], for the log. */
export function parameterDifferences(before: ParameterValues, after: ParameterValues): Record<string, [unknown, unknown]> {
  const changed: Record<string, [unknown, unknown]> = {};
  for (const name of Object.keys(after)) if (before[name] !== after[name]) changed[name] = [before[name], after[name]];
  return changed;
}
