// Shared fixtures of the optimisation specs: the real EURUSD H1 bars and the
// settings of the shipped backtest defaults (0.1 lot, the bar spread, next-open
// fills, 10,000 USD).
import type { BarColumns } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import type { TrialSettings } from '../evaluation/trial-settings';

export function eurusdH1(): BarColumns {
  return readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
}

export const DEFAULT_SETTINGS: TrialSettings = {
  fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: { kind: 'none' } },
  sizing: { kind: 'fixed-lots', lots: '0.1' },
  initialCash: '10000',
  currency: 'USD',
  seed: 1,
};
