// The pinned strategy scenarios: a short slice of a vendored file, a shipped
// strategy with every parameter spelled out, a fill model and a sizing, in
// one definition that both the engine and the independent Python reference
// (tools/backtest/pinned_reference.py) are run from.
import { Money } from '@trading/domain';
import { FixedFractionalPolicy, FixedSizePolicy } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { type ParameterValues, type StrategyDefinition, intradayStrategy, scalpingStrategy, swingStrategy } from '@trading/strategies';
import type { BacktestConfig } from '../../engine/backtest.config';
import { type VendoredFile, barSlice, vendoredPath } from './bar-slice.fixture';

export interface StrategyScenario {
  readonly name: string;
  readonly strategy: StrategyDefinition;
  readonly parameters: ParameterValues;
  readonly file: VendoredFile;
  readonly from: string;
  readonly bars: number;
  readonly fill: FillModel;
  readonly sizing: { readonly lots: string } | { readonly fraction: string };
}

export const STRATEGY_SCENARIOS = {
  scalping: {
    name: 'scalping',
    strategy: scalpingStrategy,
    parameters: { bbPeriod: 20, bbDeviations: 2, rsiPeriod: 7, rsiOversold: 35, rsiOverbought: 65, macdFast: 12, macdSlow: 26, macdSignal: 9, atrPeriod: 14, stopAtr: 2, targetAtr: 2, maxSpreadPips: 2 },
    file: 'EURUSD_M5',
    from: '2021-06-24T16:05:00Z',
    bars: 120,
    fill: { timing: 'next-open', spread: { source: 'fixed', pips: 0.8 }, slippage: { kind: 'fixed-pips', pips: 0.1 }, commission: { kind: 'per-lot', amount: 3 } },
    sizing: { lots: '0.1' },
  },
  intraday: {
    name: 'intraday',
    strategy: intradayStrategy,
    parameters: { fastPeriod: 20, slowPeriod: 50, adxPeriod: 14, adxMin: 20, atrPeriod: 14, stopAtr: 1.5, targetAtr: 3, sessionStartHour: 7, sessionEndHour: 20 },
    file: 'EURUSD_H1_2025',
    from: '2025-11-03T01:00:00Z',
    bars: 150,
    fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'fixed-pips', pips: 0.2 }, commission: { kind: 'per-lot', amount: 2.5 } },
    sizing: { fraction: '0.01' },
  },
  swing: {
    name: 'swing',
    strategy: swingStrategy,
    parameters: { timeframe: 'H4', mode: 'breakout', donchianPeriod: 10, trendPeriod: 10, rsiPeriod: 14, rsiPullback: 40, atrPeriod: 5, stopAtr: 2, trailAtr: 3 },
    file: 'EURUSD_H1_2025',
    from: '2025-08-05T04:00:00Z',
    bars: 200,
    fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: { kind: 'none' }, swap: { longPerLot: -6.5, shortPerLot: 1.2 } },
    sizing: { lots: '0.5' },
  },
} as const satisfies Record<string, StrategyScenario>;

/** The backtest of a scenario, on 10,000 USD. */
export function scenarioConfig(scenario: StrategyScenario): BacktestConfig {
  return {
    feeds: [barSlice(scenario.file, scenario.from, scenario.bars)],
    strategy: scenario.strategy,
    parameters: scenario.parameters,
    sizing: 'lots' in scenario.sizing ? new FixedSizePolicy(scenario.sizing.lots) : new FixedFractionalPolicy(Number(scenario.sizing.fraction)),
    initialCash: Money.of(10_000, 'USD'),
    fill: scenario.fill,
  };
}

/** The same scenario as the Python reference reads it (the fill model's numbers, the file's path). */
export function referenceRequest(scenario: StrategyScenario): Record<string, unknown> {
  const { fill } = scenario;
  if (fill.timing !== 'next-open' || fill.slippage.kind === 'atr-fraction' || fill.commission.kind === 'bps') {
    throw new RangeError('the reference fills at the next open, with fixed slippage and commission per lot only');
  }
  return {
    name: scenario.name,
    strategy: scenario.strategy.name,
    file: vendoredPath(scenario.file),
    symbol: scenario.file.slice(0, 6),
    from: scenario.from,
    bars: scenario.bars,
    parameters: scenario.parameters,
    fill: {
      ...(fill.spread.source === 'fixed' ? { spreadPips: fill.spread.pips } : {}),
      ...(fill.slippage.kind === 'fixed-pips' ? { slippagePips: fill.slippage.pips } : {}),
      ...(fill.commission.kind === 'per-lot' ? { commissionPerLot: fill.commission.amount } : {}),
      ...(fill.swap ? { swap: { long: fill.swap.longPerLot, short: fill.swap.shortPerLot } } : {}),
    },
    sizing: scenario.sizing,
    cash: '10000',
  };
}
