// What every backtest of a run shares, as plain data: the fill model, the
// sizing (fixed lots, a fraction of equity at risk, or the risk engine under
// a limits object), the initial cash and the seed of the order ids. Plain so
// it crosses to worker threads (or a message queue) as is; the stateful
// sizing policy is built fresh for each backtest from it.
import type { FillModel } from '@trading/simulated-venue';
import { Money } from '@trading/domain';
import { FixedFractionalPolicy, FixedSizePolicy, type RiskLimits, RiskEnginePolicy, type SizingPolicy } from '@trading/risk-engine';

export type SizingSettings =
  | { readonly kind: 'fixed-lots'; readonly lots: string }
  | { readonly kind: 'risk-per-trade'; readonly fraction: number }
  | { readonly kind: 'risk-engine'; readonly limits: RiskLimits };

export interface TrialSettings {
  readonly fill: FillModel;
  readonly sizing: SizingSettings;
  /** Decimal string, e.g. "10000". */
  readonly initialCash: string;
  readonly currency: string;
  /** Seeds the order ids of every backtest. */
  readonly seed: number;
}

export function sizingPolicy(settings: SizingSettings): SizingPolicy {
  switch (settings.kind) {
    case 'fixed-lots':
      return new FixedSizePolicy(settings.lots);
    case 'risk-per-trade':
      return new FixedFractionalPolicy(settings.fraction);
    case 'risk-engine':
      return new RiskEnginePolicy({ limits: settings.limits });
  }
}

export function initialCashOf(settings: TrialSettings): Money {
  return Money.of(settings.initialCash, settings.currency);
}

/** One line for reports: "fixed 0.1 lots", "1% of equity at risk", "risk engine". */
export function describeSizing(settings: SizingSettings): string {
  switch (settings.kind) {
    case 'fixed-lots':
      return `fixed ${settings.lots} lots`;
    case 'risk-per-trade':
      return `${settings.fraction * 100}% of equity at risk per trade`;
    case 'risk-engine':
      return 'risk engine (limits file)';
  }
}
