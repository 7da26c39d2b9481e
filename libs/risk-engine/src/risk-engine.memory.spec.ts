// What the engine remembers and for how long: decided ids (duplicate.rememberIds),
// approved entries (duplicate.windowMs), orders of the last minute, the latest
// transitions; the trips it announces once; the state's reasons; the kill
// switch's orders per position owner; and what a person may change.
import { clientOrderIdFor, derivedId } from '@trading/contracts';
import { ManualClock, Money } from '@trading/domain';
import { parseRiskLimits } from './limits.config';
import { RiskEngine } from './risk-engine';
import type { TradeRequest } from './risk.types';
import type { RiskRule } from './rules/risk-rule';
import type { BreakerTrip, StateTransition } from './state/trading-state';
import { marketAt, openOrderOf, portfolioOf, positionOf, signalOf } from './testing/risk.builders';

const NOW = Date.UTC(2026, 0, 21, 12);
const market = marketAt(NOW, { EURUSD: 1.1, GBPUSD: 1.25 });

/** Denies a request whose id the engine already remembers; passes anything else. */
const rememberedIds: RiskRule = {
  code: 'SEEN',
  sizeDependent: false,
  check: (context) => (context.seenSignalIds.has(context.signal.id) ? { code: 'SEEN', pass: false, reason: 'SEEN', message: 'seen' } : { code: 'SEEN', pass: true, detail: 'new' }),
};

function engineOf(limits: object = {}, rules: readonly RiskRule[] = [rememberedIds]) {
  const clock = new ManualClock(NOW);
  const engine = new RiskEngine({ clock, limits: parseRiskLimits(limits), rules });
  const decide = (signal: TradeRequest, portfolio = portfolioOf(100_000)) => engine.decide({ signal, portfolio, market, history: null });
  return { clock, engine, decide };
}

const buy = (id: string, extra: Partial<TradeRequest> = {}) => signalOf(id, 'EURUSD', 'BUY', { stopPrice: 1.098, ...extra });

describe('risk engine memory: how long it remembers', () => {
  it('remembers the last rememberIds requests: an id that dropped out may be decided again', () => {
    const { engine, decide } = engineOf({ duplicate: { rememberIds: 2 } });
    for (const id of ['a', 'b', 'c']) expect(decide(buy(id)).decision).toBe('approved');
    expect(engine.snapshot().recentSignals.map((s) => [s.id, s.approved])).toEqual([
      ['b', true],
      ['c', true],
    ]);
    expect(decide(buy('c')).reason).toBe('SEEN');
    // Decided again, c is not remembered twice.
    expect(engine.snapshot().recentSignals.map((s) => s.id)).toEqual(['b', 'c']);
    expect(decide(buy('a')).decision).toBe('approved');
    expect(engine.snapshot().recentSignals.map((s) => s.id)).toEqual(['c', 'a']);
  });

  it('remembers a refused request as refused, and opens no entry window or order count for it', () => {
    const { engine, decide } = engineOf({}, [{ code: 'NO', sizeDependent: false, check: () => ({ code: 'NO', pass: false, reason: 'NO', message: 'no' }) }]);
    decide(buy('r1', { signalId: 'message-1' }));
    const memory = engine.snapshot();
    expect(memory.recentSignals).toEqual([{ id: 'r1', strategy: 'test-strategy', symbol: 'EURUSD', side: 'BUY', time: NOW, approved: false }]);
    expect(memory.approvedEntries).toEqual([]);
    expect(memory.recentOrders).toEqual([]);
  });

  it('remembers a request refused before any rule as refused', () => {
    const { engine, decide } = engineOf();
    expect(decide(signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' })).reason).toBe('NO_POSITION');
    expect(engine.snapshot().recentSignals).toEqual([{ id: 'x1', strategy: 'test-strategy', symbol: 'EURUSD', side: 'SELL', time: NOW, approved: false }]);
  });

  it('keeps no entry at all with a windowMs of 0', () => {
    const { engine, decide } = engineOf({ duplicate: { windowMs: 0 } });
    expect(decide(buy('a')).decision).toBe('approved');
    expect(decide(buy('b')).decision).toBe('approved');
    expect(engine.snapshot().approvedEntries).toEqual([]);
    expect(engine.snapshot().recentOrders).toEqual([
      { strategy: 'test-strategy', time: NOW },
      { strategy: 'test-strategy', time: NOW },
    ]);
  });

  it('keeps an approved entry for windowMs: 999 ms later it is still there, 1000 ms later it has gone', () => {
    const { clock, engine, decide } = engineOf({ duplicate: { windowMs: 1_000 } });
    decide(buy('a', { signalId: 'message-a' }));
    clock.advance(999);
    decide(signalOf('b', 'GBPUSD', 'SELL', { stopPrice: 1.252 }));
    expect(engine.snapshot().approvedEntries.map((e) => [e.id, e.symbol, e.side, e.time])).toEqual([
      ['message-a', 'EURUSD', 'BUY', NOW],
      ['b', 'GBPUSD', 'SELL', NOW + 999],
    ]);
    clock.advance(1);
    decide(buy('c'));
    expect(engine.snapshot().approvedEntries.map((e) => e.id)).toEqual(['b', 'c']);
  });

  it('keeps no entry window for an order that only reduces, but counts it as an order', () => {
    const { engine, decide } = engineOf();
    const long = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 5, 1.1)] });
    const decision = decide(signalOf('s1', 'EURUSD', 'SELL', { stopPrice: 1.102 }), long);
    expect(decision.order?.reduceOnly).toBe(true);
    expect(engine.snapshot().approvedEntries).toEqual([]);
    expect(engine.snapshot().recentOrders).toEqual([{ strategy: 'test-strategy', time: NOW }]);
  });

  it('counts orders of the last minute: 59999 ms later the first still counts, 60000 ms later it has left', () => {
    const { clock, engine, decide } = engineOf();
    decide(buy('a', { strategy: 's1' }));
    clock.advance(59_999);
    decide(buy('b', { strategy: 's2' }));
    expect(engine.snapshot().recentOrders).toEqual([
      { strategy: 's1', time: NOW },
      { strategy: 's2', time: NOW + 59_999 },
    ]);
    clock.advance(1);
    decide(buy('c', { strategy: 's3' }));
    expect(engine.snapshot().recentOrders.map((o) => o.strategy)).toEqual(['s2', 's3']);
  });

  it('keeps the latest 1000 transitions, oldest first', () => {
    const { clock, engine } = engineOf();
    for (let i = 0; i < 501; i++) {
      clock.set(NOW + i);
      engine.reduce(`r${i}`);
      engine.resume(portfolioOf(100_000), `p${i}`);
    }
    expect(engine.transitions).toHaveLength(1000);
    expect(engine.transitions[0]).toEqual({ from: 'ACTIVE', to: 'REDUCING', reason: 'MANUAL_REDUCE: reduce only: r1', time: NOW + 1 });
    expect(engine.transitions[999]).toEqual({ from: 'REDUCING', to: 'ACTIVE', reason: 'resumed by p500', time: NOW + 500 });
  });

  it('hands out a deep copy of its memory', () => {
    const { engine, decide } = engineOf();
    decide(buy('a'));
    const copy = engine.snapshot();
    copy.recentSignals.length = 0;
    expect(engine.snapshot().recentSignals).toHaveLength(1);
  });
});

describe('risk engine state: trips, transitions and their reasons', () => {
  function watched(limits: object = {}, memory?: unknown) {
    const clock = new ManualClock(NOW);
    const trips: BreakerTrip[] = [];
    const transitions: StateTransition[] = [];
    const engine = new RiskEngine({ clock, limits: parseRiskLimits(limits), memory, onTrip: (t) => trips.push(t), onTransition: (t) => transitions.push(t) });
    return { clock, engine, trips, transitions };
  }

  it('announces each new trip once, also one that changes no state, and again when it trips anew', () => {
    const { clock, engine, trips, transitions } = watched();
    const portfolio = portfolioOf(100_000);
    expect(engine.killSwitch(portfolio, market, 'first').transition).toMatchObject({ to: 'HALTED' });
    // Pressed again at the same time: the same trip, told once.
    expect(engine.killSwitch(portfolio, market, 'same time').transition).toBeNull();
    clock.advance(1);
    expect(engine.killSwitch(portfolio, market, 'later').transition).toBeNull();
    expect(trips.map((t) => [t.breaker, t.reason, t.since])).toEqual([
      ['KILL_SWITCH', 'kill switch: first', NOW],
      ['KILL_SWITCH', 'kill switch: later', NOW + 1],
    ]);
    expect(transitions).toHaveLength(1);
    engine.resume(portfolio, 'ops');
    engine.killSwitch(portfolio, market, 'again');
    expect(trips.map((t) => t.reason)).toEqual(['kill switch: first', 'kill switch: later', 'kill switch: again']);
    // Resumed and pressed again in the same millisecond: a new trip, though it starts when the last one did.
    engine.resume(portfolio, 'ops');
    engine.killSwitch(portfolio, market, 'once more');
    expect(trips.map((t) => t.reason).slice(-1)).toEqual(['kill switch: once more']);
  });

  it('does not announce the trips of restored memory again', () => {
    const first = watched();
    first.engine.reduce('news');
    const restored = watched({}, first.engine.snapshot());
    restored.engine.observePortfolio(portfolioOf(100_000));
    restored.clock.advance(1);
    restored.engine.killSwitch(portfolioOf(100_000), market, 'drill');
    expect(restored.trips.map((t) => t.breaker)).toEqual(['KILL_SWITCH']);
    expect(restored.engine.state).toBe('HALTED');
  });

  it('names the cause on an escalation, and what still holds on an easing', () => {
    const { clock, engine, transitions } = watched({ breakers: { consecutiveLosses: 1, cooldownMinutes: 60 } });
    engine.recordTradeResult(Money.of(-5, 'USD'));
    const losses = engine.stateCause;
    expect(losses).toMatchObject({ breaker: 'CONSECUTIVE_LOSSES', state: 'REDUCING', since: NOW, until: NOW + 3_600_000, latched: false });
    clock.advance(1);
    engine.killSwitch(portfolioOf(100_000), market, 'drill');
    clock.advance(1);
    engine.resume(portfolioOf(100_000), 'ops');
    expect(transitions).toEqual([
      { from: 'ACTIVE', to: 'REDUCING', time: NOW, reason: `CONSECUTIVE_LOSSES: ${losses?.reason}` },
      { from: 'REDUCING', to: 'HALTED', time: NOW + 1, reason: 'KILL_SWITCH: kill switch: drill' },
      { from: 'HALTED', to: 'REDUCING', time: NOW + 2, reason: `resumed by ops; still REDUCING: CONSECUTIVE_LOSSES: ${losses?.reason}` },
    ]);
    expect(engine.transitions).toEqual(transitions);
    expect(engine.stateCause).toEqual(losses);
  });

  it('lifts a daily-loss halt when new limits move the session boundary before its expiry, saying a new session began', () => {
    const { clock, engine, transitions } = watched({ breakers: { dailyLoss: 0.01 } });
    engine.observePortfolio(portfolioOf(100_000));
    engine.observePortfolio(portfolioOf(99_000));
    expect(engine.stateCause).toMatchObject({ breaker: 'DAILY_LOSS', until: Date.UTC(2026, 0, 21, 21) });
    engine.setLimits(parseRiskLimits({ breakers: { dailyLoss: 0.01, sessionResetUtcMinute: 13 * 60 } }));
    clock.set(Date.UTC(2026, 0, 21, 13));
    expect(engine.observePortfolio(portfolioOf(99_000))).toBe('ACTIVE');
    expect(transitions.at(-1)).toEqual({ from: 'HALTED', to: 'ACTIVE', reason: 'new trading session', time: Date.UTC(2026, 0, 21, 13) });
  });

  it('re-bases the drawdown peak at the equity it resumes on, and marks the session’s opening equity', () => {
    const { clock, engine } = watched();
    expect(engine.equityMarks).toEqual({ sessionStart: null, peak: null });
    engine.observePortfolio(portfolioOf(100_000, { peakEquity: 120_000 }));
    expect(engine.equityMarks).toEqual({ sessionStart: '100000', peak: '120000' });
    clock.advance(1);
    engine.resume(portfolioOf(95_000, { peakEquity: 120_000 }), 'ops');
    expect(engine.equityMarks).toEqual({ sessionStart: '100000', peak: '95000' });
  });

  it('takes new limits in the same account currency, and refuses another currency', () => {
    const { engine } = watched();
    const tighter = parseRiskLimits({ maxOpenPositions: 1 });
    engine.setLimits(tighter);
    expect(engine.limits).toBe(tighter);
    expect(() => engine.setLimits(parseRiskLimits({ accountCurrency: 'EUR' }))).toThrow(new RangeError('accountCurrency: cannot change from USD to EUR on a running account'));
    expect(engine.limits).toBe(tighter);
  });
});

describe('risk engine: the kill switch’s orders', () => {
  it('flattens each owner’s net position as its own order, ids from the command time when no command id is given', () => {
    const clock = new ManualClock(NOW);
    const engine = new RiskEngine({ clock });
    const portfolio = portfolioOf(100_000, {
      positions: [
        { ...positionOf('GBPUSD', 'BUY', '0.5', 1.25), strategy: 'b' },
        { ...positionOf('EURUSD', 'BUY', '1', 1.1), strategy: 'a' },
        { ...positionOf('EURUSD', 'SELL', '1', 1.1), strategy: 'a' },
        { ...positionOf('EURUSD', 'SELL', '0.2', 1.1), strategy: 'b' },
        positionOf('EURUSD', 'BUY', '0.3', 1.1),
        positionOf('USDJPY', 'SELL', '0.4', 150),
      ],
    });
    const { flattenOrders, transition } = engine.killSwitch(portfolio, market, 'drill');
    expect(transition).toMatchObject({ from: 'ACTIVE', to: 'HALTED' });
    const cause = `kill:${NOW}`;
    expect(flattenOrders.map((o) => [o.strategy, o.symbol, o.side, o.size.toString(), o.entryPrice, o.signalId, o.clientOrderId, o.entryType, o.stopPrice, o.targetPrice])).toEqual([
      ['risk', 'EURUSD', 'SELL', '0.3', market.quotes['EURUSD'].bid, cause, clientOrderIdFor(derivedId(cause, 'risk/flatten/EURUSD', NOW)), 'MARKET', null, null],
      ['b', 'EURUSD', 'BUY', '0.2', market.quotes['EURUSD'].ask, cause, clientOrderIdFor(derivedId(cause, 'risk/flatten/b/EURUSD', NOW)), 'MARKET', null, null],
      ['b', 'GBPUSD', 'SELL', '0.5', market.quotes['GBPUSD'].bid, cause, clientOrderIdFor(derivedId(cause, 'risk/flatten/b/GBPUSD', NOW)), 'MARKET', null, null],
      ['risk', 'USDJPY', 'BUY', '0.4', null, cause, clientOrderIdFor(derivedId(cause, 'risk/flatten/USDJPY', NOW)), 'MARKET', null, null],
    ]);
    expect(flattenOrders.every((o) => o.reduceOnly)).toBe(true);
  });

  it('hands back every working order to cancel, in the portfolio’s order', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW) });
    const portfolio = portfolioOf(100_000, { openOrders: [openOrderOf('o-2', 'EURUSD', 'BUY', '0.1', 1.099, 1.097), openOrderOf('o-1', 'GBPUSD', 'SELL', '0.2', 1.251, 1.253)] });
    const result = engine.killSwitch(portfolio, market, 'drill', 'cmd-1');
    expect(result).toMatchObject({ flattenOrders: [], cancelClientOrderIds: ['o-2', 'o-1'] });
  });
});
