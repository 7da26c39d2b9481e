// The engine as a whole: downsizing and its re-check, reduce-only orders in
// REDUCING and HALTED, exits, and memory that survives a restart exactly.
import { ManualClock, Money } from '@trading/domain';
import { parseRiskLimits } from './limits.config';
import { historicalVar } from './measures/historical-var';
import { RiskEngine } from './risk-engine';
import type { RiskDecision, TradeRequest } from './risk.types';
import { marketAt, portfolioOf, positionOf, signalOf } from './testing/risk.builders';
import { fxReturnHistory } from './testing/shared-fx-returns';

const { history, lastClose } = fxReturnHistory(500);
const NOW = Date.UTC(2026, 0, 21, 12);
const market = marketAt(NOW, lastClose);

describe('risk engine', () => {
  it('downsizes an order whose VaR is over the limit, re-checks it, and the shrunk order fits', () => {
    const limits = parseRiskLimits({ var: { maxFractionOfEquity: 0.01 } });
    const engine = new RiskEngine({ clock: new ManualClock(NOW), limits });
    const decision = engine.decide({ signal: signalOf('v1', 'EURUSD', 'BUY', { stopPrice: lastClose.EURUSD - 0.002 }), portfolio: portfolioOf(100_000), market, history });
    expect(decision.decision).toBe('approved');
    expect(decision.downsizedFrom).toBe('2.43');
    const lots = Number(decision.size);
    expect(lots).toBeLessThan(2.43);
    // The approved size fits under 1 000 USD of VaR and one more lot step would not.
    const notional = (l: number) => l * 100_000 * lastClose.EURUSD;
    const weights = new Float64Array(history.symbols.length);
    const varAt = (l: number) => {
      weights[history.indexOf('EURUSD')] = notional(l);
      return historicalVar(history, weights, limits.var).valueAtRisk;
    };
    expect(varAt(lots)).toBeLessThanOrEqual(1000);
    expect(varAt(lots + 0.01)).toBeGreaterThan(1000);
    expect(decision.checks.find((c) => c.code === 'PORTFOLIO_VAR')).toMatchObject({ pass: true });
    expect(decision.checks.every((c) => c.pass)).toBe(true);
  });

  it('rejects a downsized order when a size-dependent rule still denies it on the shrunk size', () => {
    const limits = parseRiskLimits({ var: { maxFractionOfEquity: 0.01 }, maxPositionLotsBySymbol: { EURUSD: 0.5 } });
    const engine = new RiskEngine({ clock: new ManualClock(NOW), limits });
    const decision = engine.decide({ signal: signalOf('v1', 'EURUSD', 'BUY', { stopPrice: lastClose.EURUSD - 0.002 }), portfolio: portfolioOf(100_000), market, history });
    // The first pass already denies on position size, so no downsize is attempted.
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'MAX_POSITION_SIZE', order: null, downsizedFrom: null });
  });

  it('lets a reducing order through in REDUCING and marks it reduce-only', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW), limits: parseRiskLimits({ breakers: { consecutiveLosses: 1 } }) });
    engine.recordTradeResult(Money.of(-1, 'USD'));
    const portfolio = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 5, lastClose.EURUSD, lastClose.EURUSD - 0.003)] });
    const decision = engine.decide({ signal: signalOf('r1', 'EURUSD', 'SELL', { stopPrice: lastClose.EURUSD + 0.002 }), portfolio, market, history });
    expect(decision).toMatchObject({ state: 'REDUCING', decision: 'approved', size: '2.43' });
    expect(decision.order?.reduceOnly).toBe(true);
  });

  it('flattens through an exit signal while HALTED, and refuses a partial reduction there', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW) });
    const portfolio = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 5, lastClose.EURUSD, lastClose.EURUSD - 0.003)] });
    engine.killSwitch(portfolio, market, 'test');
    const partial = engine.decide({ signal: signalOf('p1', 'EURUSD', 'SELL', { stopPrice: lastClose.EURUSD + 0.002 }), portfolio, market, history });
    expect(partial).toMatchObject({ decision: 'rejected', reason: 'TRADING_HALTED', order: null });
    const exit = engine.decide({ signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), portfolio, market, history });
    expect(exit).toMatchObject({ decision: 'approved', state: 'HALTED', size: '5' });
    expect(exit.order).toMatchObject({ side: 'SELL', reduceOnly: true, entryType: 'MARKET', clientOrderId: signalOf('x1', 'EURUSD', 'SELL').clientOrderId });
  });

  it('closes a strategy’s own position on a symbol where another strategy holds the other side, ACTIVE or HALTED', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW) });
    // trend is long 1 lot; revert is short 3: the symbol is net short 2, which is not trend's to close.
    const owned = (strategy: string, side: 'BUY' | 'SELL', lots: number) => ({ ...positionOf('EURUSD', side, lots, lastClose.EURUSD), strategy });
    const portfolio = portfolioOf(100_000, { positions: [owned('trend', 'BUY', 1), owned('revert', 'SELL', 3)] });
    const exitOf = (id: string, strategy: string, side: 'BUY' | 'SELL') => engine.decide({ signal: signalOf(id, 'EURUSD', side, { kind: 'exit', strategy }), portfolio, market, history });
    expect(exitOf('t1', 'trend', 'SELL')).toMatchObject({ decision: 'approved', size: '1', order: { side: 'SELL', strategy: 'trend', reduceOnly: true } });
    expect(exitOf('r1', 'revert', 'BUY')).toMatchObject({ decision: 'approved', size: '3', order: { side: 'BUY', strategy: 'revert', reduceOnly: true } });
    expect(exitOf('t2', 'trend', 'BUY')).toMatchObject({ decision: 'rejected', reason: 'INVALID_SIGNAL', message: 'exit signal t2 is BUY but closing the EURUSD position needs SELL' });
    expect(exitOf('n1', 'none', 'SELL')).toMatchObject({ decision: 'rejected', reason: 'NO_POSITION', message: 'exit signal n1: none holds no EURUSD position to close' });
    // HALTED lets an order through only if it flattens: trend's close flattens trend, though the symbol stays short.
    engine.killSwitch(portfolio, market, 'test');
    expect(exitOf('t3', 'trend', 'SELL')).toMatchObject({ decision: 'approved', state: 'HALTED', size: '1' });
  });

  it('refuses an exit with nothing to close', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW) });
    expect(engine.decide({ signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), portfolio: portfolioOf(100_000), market, history })).toMatchObject({
      decision: 'rejected',
      reason: 'NO_POSITION',
      order: null,
    });
  });

  it('sends the client order id the request carries, the same on every run', () => {
    const run = () =>
      new RiskEngine({ clock: new ManualClock(NOW) }).decide({
        signal: signalOf('abc-42', 'USDCAD', 'SELL', { stopPrice: lastClose.USDCAD + 0.003, clientOrderId: 'oDecisionDerivedId0000001' }),
        portfolio: portfolioOf(50_000),
        market,
        history,
      });
    expect(run().order?.clientOrderId).toBe('oDecisionDerivedId0000001');
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });

  it('refuses two rules with the same code', () => {
    const rule = { code: 'X', sizeDependent: false, check: () => ({ code: 'X', pass: true as const, detail: '' }) };
    expect(() => new RiskEngine({ clock: new ManualClock(0), rules: [rule, rule] })).toThrow('two risk rules share the code X');
  });
});

describe('risk memory', () => {
  // A scripted hour of signals, losses, ATRs and equity moves across three symbols.
  function step(engine: RiskEngine, clock: ManualClock, i: number): RiskDecision {
    clock.set(NOW + i * 20_000);
    if (i % 7 === 3) engine.recordTradeResult(Money.of(i % 2 === 0 ? 12 : -9, 'USD'));
    engine.observeAtr('EURUSD', 0.001 + (i % 5) * 0.0001);
    const symbols = ['EURUSD', 'GBPUSD', 'USDCAD'];
    const symbol = symbols[i % 3];
    const side = i % 4 < 2 ? 'BUY' : 'SELL';
    const stop = lastClose[symbol] + (side === 'BUY' ? -0.0025 : 0.0025);
    const signal: TradeRequest = signalOf(`sig-${i % 40 === 39 ? 5 : i}`, symbol, side, { stopPrice: stop, strategy: `s${i % 2}` });
    const equity = 100_000 - i * 60;
    const positions = i > 10 ? [positionOf('EURUSD', 'BUY', 1, lastClose.EURUSD, lastClose.EURUSD - 0.003)] : [];
    return engine.decide({ signal, portfolio: portfolioOf(equity, { positions, peakEquity: 100_000 }), market: marketAt(clock.now(), lastClose), history });
  }

  it('serialised to JSON mid-run and restored, continues with identical decisions', () => {
    const limits = parseRiskLimits({ breakers: { consecutiveLosses: 2, cooldownMinutes: 3, volatilityWindow: 10 }, orderRate: { perStrategyPerMinute: 2 } });
    const clockA = new ManualClock(NOW);
    const straight = new RiskEngine({ clock: clockA, limits });
    const expected = Array.from({ length: 180 }, (_, i) => JSON.stringify(step(straight, clockA, i)));

    const clockB = new ManualClock(NOW);
    const first = new RiskEngine({ clock: clockB, limits });
    const before = Array.from({ length: 90 }, (_, i) => JSON.stringify(step(first, clockB, i)));
    const saved = JSON.stringify(first.snapshot());
    const restored = new RiskEngine({ clock: clockB, limits, memory: JSON.parse(saved) });
    const after = Array.from({ length: 90 }, (_, i) => JSON.stringify(step(restored, clockB, i + 90)));

    expect([...before, ...after]).toEqual(expected);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(straight.snapshot()));
    // The run is not trivial: it saw approvals, several rejection reasons and state changes.
    const reasons = new Set(expected.map((line) => (JSON.parse(line) as RiskDecision).reason));
    expect(reasons.has(null)).toBe(true);
    expect(reasons.size).toBeGreaterThanOrEqual(3);
    expect(straight.transitions.length).toBeGreaterThan(0);
  });

  it('refuses memory it cannot trust, naming the field', () => {
    expect(() => new RiskEngine({ clock: new ManualClock(0), memory: { version: 1, state: 'PAUSED' } })).toThrow('invalid risk memory: state must be one of ACTIVE, REDUCING, HALTED');
  });
});
