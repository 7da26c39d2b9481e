// The volatility-spike breaker on its own memory: what ATR it accepts, the
// window it keeps, a flat window (no deviation at all), and the one trip it
// holds while any instrument spikes. Windows of 10 ATRs built from 0.875,
// 0.125 and 0.5 (mean 0.5, sample deviation exactly 0.25) keep every figure
// exact in binary: an ATR of 1.5 is z = (1.5 − 0.5) / 0.25 = 4.
import { parseRiskLimits } from '../limits.config';
import { initialRiskMemory, type RiskMemory } from '../state/risk-memory';
import type { BreakerTrip } from '../state/trading-state';
import { recordAtr } from './volatility-spike.breaker';

const T = Date.UTC(2025, 6, 7, 12);
const limits = parseRiskLimits({ breakers: { volatilityZScore: 3, volatilityWindow: 10 } });
const WINDOW = [0.875, 0.125, 0.5, 0.5, 0.875, 0.125, 0.5, 0.5, 0.5, 0.5];

function warmed(symbol: string, memory: RiskMemory = initialRiskMemory(), atrs: readonly number[] = WINDOW): RiskMemory {
  for (const atr of atrs) recordAtr(memory, symbol, atr, T, limits);
  expect(memory.volatilitySpikes).toEqual({});
  return memory;
}

describe('volatility spike breaker', () => {
  it.each([-0.0001, Number.NaN, Number.POSITIVE_INFINITY])('refuses an ATR of %p', (atr) => {
    expect(() => recordAtr(initialRiskMemory(), 'EURUSD', atr, T, limits)).toThrow(new RangeError(`ATR of EURUSD must be a finite number >= 0, got ${atr}`));
  });

  it('takes an ATR of 0 (a market that did not move) and starts the window with it alone', () => {
    const memory = initialRiskMemory();
    recordAtr(memory, 'EURUSD', 0, T, limits);
    expect(memory.atrWindows).toEqual({ EURUSD: [0] });
  });

  it('keeps only the last 10 ATRs', () => {
    const memory = warmed('EURUSD', initialRiskMemory(), [0.9, 0.8, ...WINDOW]);
    expect(memory.atrWindows['EURUSD']).toEqual(WINDOW);
    recordAtr(memory, 'EURUSD', 0.625, T, limits);
    expect(memory.atrWindows['EURUSD']).toEqual([...WINDOW.slice(1), 0.625]);
  });

  it('over a flat window, the same ATR again is no spike and any rise is one (z without bound)', () => {
    const flat = Array.from({ length: 10 }, () => 0.125);
    const same = warmed('EURUSD', initialRiskMemory(), flat);
    recordAtr(same, 'EURUSD', 0.125, T, limits);
    expect([same.volatilitySpikes, same.trips]).toEqual([{}, []]);
    const risen = warmed('EURUSD', initialRiskMemory(), flat);
    recordAtr(risen, 'EURUSD', 0.25, T, limits);
    expect(risen.volatilitySpikes).toEqual({ EURUSD: Number.MAX_VALUE });
    expect(risen.trips.map((t) => t.reason)).toEqual(['ATR z-score over 3 on EURUSD (1.798e+308)']);
  });

  it('records one trip, REDUCING and not latched, that clears by itself', () => {
    const memory = warmed('EURUSD');
    recordAtr(memory, 'EURUSD', 1.5, T + 1, limits);
    expect(memory.trips).toEqual<BreakerTrip[]>([
      { breaker: 'VOLATILITY_SPIKE', state: 'REDUCING', reason: 'ATR z-score over 3 on EURUSD (4.000)', since: T + 1, until: null, latched: false },
    ]);
  });

  it('keeps its first trip (time and reason) while spikes go on, on the same or another instrument', () => {
    const memory = warmed('USDJPY', warmed('EURUSD'));
    recordAtr(memory, 'EURUSD', 1.5, T + 1, limits);
    recordAtr(memory, 'USDJPY', 1.625, T + 2, limits);
    recordAtr(memory, 'EURUSD', 2, T + 3, limits);
    expect(Object.keys(memory.volatilitySpikes).sort()).toEqual(['EURUSD', 'USDJPY']);
    expect(memory.trips).toEqual([expect.objectContaining({ breaker: 'VOLATILITY_SPIKE', since: T + 1, reason: 'ATR z-score over 3 on EURUSD (4.000)' })]);
  });

  it('trips beside another breaker that has already tripped', () => {
    const daily: BreakerTrip = { breaker: 'DAILY_LOSS', state: 'HALTED', reason: 'daily loss', since: T, until: T + 1000, latched: false };
    const memory = warmed('EURUSD', { ...initialRiskMemory(), trips: [daily] });
    recordAtr(memory, 'EURUSD', 1.5, T + 1, limits);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['DAILY_LOSS', 'VOLATILITY_SPIKE']);
  });

  it('names every instrument spiking when it trips, in alphabetical order (a restored memory can hold several)', () => {
    const memory = warmed('EURUSD');
    memory.volatilitySpikes = { USDJPY: 4.25 };
    recordAtr(memory, 'EURUSD', 1.5, T + 1, limits);
    expect(memory.trips.map((t) => t.reason)).toEqual(['ATR z-score over 3 on EURUSD (4.000), USDJPY (4.250)']);
  });
});
