// The engine's own entry points to the breakers that are not fed by a
// decision: a broker rejection burst, a bar's ATR, and trips that run out by
// themselves. Each one answers with the state and records the transition with
// its reason, which is what an operator reads.
import { ManualClock, Money } from '@trading/domain';
import { parseRiskLimits } from './limits.config';
import { RiskEngine } from './risk-engine';
import type { StateTransition } from './state/trading-state';
import { portfolioOf } from './testing/risk.builders';

const NOW = Date.UTC(2026, 0, 21, 12);

function watched(limits: object) {
  const clock = new ManualClock(NOW);
  const transitions: StateTransition[] = [];
  const engine = new RiskEngine({ clock, limits: parseRiskLimits(limits), onTransition: (t) => transitions.push(t) });
  return { clock, engine, transitions };
}

describe('risk engine: broker rejections', () => {
  it('halts on the second rejection within the window, not on one that left it', () => {
    const { clock, engine, transitions } = watched({ breakers: { brokerRejections: 2, brokerRejectionWindowMs: 1_000 } });
    expect(engine.recordBrokerRejection('a')).toBe('ACTIVE');
    // 1000 ms later the first has left the window: still one in it.
    clock.advance(1_000);
    expect(engine.recordBrokerRejection('b')).toBe('ACTIVE');
    clock.advance(999);
    expect(engine.recordBrokerRejection('c')).toBe('HALTED');
    expect(engine.stateCause).toEqual({ breaker: 'BROKER_REJECTIONS', state: 'HALTED', reason: '2 broker rejections within 1000 ms (latest: c)', since: NOW + 1_999, until: null, latched: true });
    expect(transitions).toEqual([{ from: 'ACTIVE', to: 'HALTED', reason: 'BROKER_REJECTIONS: 2 broker rejections within 1000 ms (latest: c)', time: NOW + 1_999 }]);
    expect(engine.snapshot().rejectionTimes).toEqual([]);
  });
});

describe('risk engine: volatility spikes', () => {
  it('reduces on an ATR far above its window, and says which symbol calmed down when it returns', () => {
    const { clock, engine, transitions } = watched({ breakers: { volatilityWindow: 10, volatilityZScore: 3 } });
    // Ten ATRs of mean 0.0011 and sample deviation 0.00010541: no verdict until the window is full.
    for (let i = 0; i < 10; i++) expect(engine.observeAtr('EURUSD', i % 2 === 0 ? 0.001 : 0.0012)).toBe('ACTIVE');
    // 0.0016 is (0.0016 − 0.0011) / 0.00010541 = 4.743 deviations above the mean.
    expect(engine.observeAtr('EURUSD', 0.0016)).toBe('REDUCING');
    clock.advance(1);
    // Against the window that now holds the spike, 0.0011 is below the mean.
    expect(engine.observeAtr('EURUSD', 0.0011)).toBe('ACTIVE');
    expect(transitions).toEqual([
      { from: 'ACTIVE', to: 'REDUCING', reason: 'VOLATILITY_SPIKE: ATR z-score over 3 on EURUSD (4.743)', time: NOW },
      { from: 'REDUCING', to: 'ACTIVE', reason: 'volatility of EURUSD back under the threshold', time: NOW + 1 },
    ]);
  });
});

describe('risk engine: trips that run out', () => {
  it('lifts the trips whose time has come at the next call, naming them all', () => {
    // The daily-loss halt lasts until the 21:00 session boundary, and a 540-minute cooldown from 12:00 ends then too.
    const { clock, engine, transitions } = watched({ breakers: { consecutiveLosses: 1, cooldownMinutes: 540 } });
    engine.observePortfolio(portfolioOf(100_000));
    expect(engine.observePortfolio(portfolioOf(97_000))).toBe('HALTED');
    expect(engine.recordTradeResult(Money.of(-5, 'USD'))).toBe('HALTED');
    const boundary = Date.UTC(2026, 0, 21, 21);
    expect(engine.snapshot().trips.map((t) => [t.breaker, t.until])).toEqual([
      ['DAILY_LOSS', boundary],
      ['CONSECUTIVE_LOSSES', boundary],
    ]);
    clock.set(boundary - 1);
    expect(engine.observePortfolio(portfolioOf(97_000))).toBe('HALTED');
    clock.set(boundary);
    expect(engine.observePortfolio(portfolioOf(97_000))).toBe('ACTIVE');
    expect(engine.snapshot().trips).toEqual([]);
    expect(transitions.map((t) => [t.from, t.to, t.time])).toEqual([
      ['ACTIVE', 'HALTED', NOW],
      ['HALTED', 'ACTIVE', boundary],
    ]);
    expect(transitions[1].reason).toBe('DAILY_LOSS, CONSECUTIVE_LOSSES expired');
  });
});
