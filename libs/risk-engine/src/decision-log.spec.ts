import { ManualClock } from '@trading/domain';
import { riskDecisionRecord, stateChangeRecord } from './decision-log';
import { decisionLine } from '@trading/domain';
import { RiskEngine } from './risk-engine';
import { marketAt, portfolioOf, signalOf } from './testing/risk.builders';

describe('decision log records', () => {
  const clock = new ManualClock(Date.UTC(2025, 6, 7, 12));
  const market = marketAt(clock.now(), { EURUSD: 1.1 });

  it('starts a decision line with the stable keys, rejection reason and every check included', () => {
    const engine = new RiskEngine({ clock });
    const decide = engine.port();
    const line = decisionLine(riskDecisionRecord(decide({ signal: signalOf('s1', 'EURUSD', 'BUY', { stopPrice: 1.098 }), portfolio: portfolioOf(10_000), market, history: null })));
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(0, 10)).toEqual(['event', 'time', 'symbol', 'signalId', 'state', 'decision', 'reason', 'size', 'equity', 'checks']);
    expect(parsed).toMatchObject({ event: 'risk-decision', time: Date.UTC(2025, 6, 7, 12), symbol: 'EURUSD', signalId: 's1', state: 'ACTIVE', decision: 'rejected', reason: 'INSUFFICIENT_HISTORY', size: '0.24', equity: '10000' });
    // 50 USD over 20.5 pips (entry at the ask, half a pip above the mid) = 0.2439 lots → 0.24.
    expect(parsed['checks']).toHaveLength(16);
  });

  it('writes state changes as event lines', () => {
    const engine = new RiskEngine({ clock });
    const { transition } = engine.killSwitch(portfolioOf(10_000), market, 'desk');
    expect(transition && decisionLine(stateChangeRecord(transition))).toBe(
      `{"event":"state-change","time":${Date.UTC(2025, 6, 7, 12)},"from":"ACTIVE","to":"HALTED","reason":"KILL_SWITCH: kill switch: desk"}\n`,
    );
  });
});
