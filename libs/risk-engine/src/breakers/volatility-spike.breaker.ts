// Volatility spike: an instrument's ATR more than `volatilityZScore` standard
// deviations above the mean of its previous `volatilityWindow` ATRs sends
// trading to REDUCING; it returns once no instrument is spiking. No verdict is
// given until the window is full.
import type { RiskLimits } from '../limits.config';
import type { RiskMemory } from '../state/risk-memory';
import { clearTrip, trip } from './breaker-trips';

export function recordAtr(memory: RiskMemory, symbol: string, atr: number, time: number, limits: RiskLimits): void {
  if (!(atr >= 0) || !Number.isFinite(atr)) throw new RangeError(`ATR of ${symbol} must be a finite number >= 0, got ${atr}`);
  const window = (memory.atrWindows[symbol] ??= []);
  const size = limits.breakers.volatilityWindow;
  if (window.length >= size) {
    let sum = 0;
    for (const value of window) sum += value;
    const mean = sum / window.length;
    let squares = 0;
    for (const value of window) squares += (value - mean) * (value - mean);
    const deviation = Math.sqrt(squares / (window.length - 1));
    const z = deviation > 0 ? (atr - mean) / deviation : atr > mean ? Number.POSITIVE_INFINITY : 0;
    if (z > limits.breakers.volatilityZScore) memory.volatilitySpikes[symbol] = Number.isFinite(z) ? z : Number.MAX_VALUE;
    else delete memory.volatilitySpikes[symbol];
  }
  window.push(atr);
  while (window.length > size) window.shift();

  const spiking = Object.keys(memory.volatilitySpikes).sort();
  if (spiking.length === 0) {
    clearTrip(memory, 'VOLATILITY_SPIKE');
  } else if (!memory.trips.some((t) => t.breaker === 'VOLATILITY_SPIKE')) {
    trip(memory, {
      breaker: 'VOLATILITY_SPIKE',
      state: 'REDUCING',
      reason: `ATR z-score over ${limits.breakers.volatilityZScore} on ${spiking.map((s) => `${s} (${memory.volatilitySpikes[s].toPrecision(4)})`).join(', ')}`,
      since: time,
      until: null,
      latched: false,
    });
  }
}
