// One scenario per rule: a signal that only that rule (first) objects to is
// rejected with the rule's reason code, and no order comes out.
import { ManualClock, Money } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, type RiskLimits } from '../limits.config';
import { RiskEngine, type DecisionInput } from '../risk-engine';
import type { RiskDecision, TradeRequest } from '../risk.types';
import { marketAt, portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { fxReturnHistory } from '../testing/shared-fx-returns';

const { history, lastClose } = fxReturnHistory(500);
const NOW = Date.UTC(2026, 0, 21, 12);

function limitsWith(overrides: object): RiskLimits {
  return parseRiskLimits(overrides);
}

function buyEurusd(id = 's1', extra: Partial<TradeRequest> = {}): TradeRequest {
  return signalOf(id, 'EURUSD', 'BUY', { stopPrice: lastClose.EURUSD - 0.002, ...extra });
}

function decide(input: Partial<DecisionInput> & { limits?: RiskLimits; engine?: RiskEngine } = {}): RiskDecision {
  const engine = input.engine ?? new RiskEngine({ clock: new ManualClock(NOW), limits: input.limits ?? DEFAULT_RISK_LIMITS });
  return engine.decide({
    signal: input.signal ?? buyEurusd(),
    portfolio: input.portfolio ?? portfolioOf(100_000),
    market: input.market ?? marketAt(NOW, lastClose),
    history: input.history === undefined ? history : input.history,
    strategyStats: input.strategyStats,
  });
}

function expectRejected(decision: RiskDecision, rule: string, reason: string): void {
  expect(decision.decision).toBe('rejected');
  expect(decision.order).toBeNull();
  expect(decision.reason).toBe(reason);
  const verdict = decision.checks.find((check) => check.code === rule);
  expect(verdict).toMatchObject({ pass: false, reason });
  expect(decision.message).toEqual(expect.any(String));
}

describe('pre-trade rules', () => {
  it('approves a plain EURUSD buy with every rule passing and every verdict recorded', () => {
    const decision = decide();
    expect(decision.decision).toBe('approved');
    expect(decision.order).toMatchObject({ clientOrderId: buyEurusd('s1').clientOrderId, side: 'BUY', symbol: 'EURUSD', reduceOnly: false });
    expect(decision.size).toBe('2.43');
    expect(decision.checks).toHaveLength(16);
    expect(decision.checks.every((check) => check.pass)).toBe(true);
  });

  it('TRADING_STATE: denies a new entry when trading is HALTED', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW) });
    engine.killSwitch(portfolioOf(100_000), marketAt(NOW, lastClose), 'test');
    expectRejected(decide({ engine }), 'TRADING_STATE', 'TRADING_HALTED');
  });

  it('TRADING_STATE: denies a new entry when trading is REDUCING', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW), limits: limitsWith({ breakers: { consecutiveLosses: 1 } }) });
    engine.recordTradeResult(Money.of('-10', 'USD'));
    expect(engine.state).toBe('REDUCING');
    expectRejected(decide({ engine }), 'TRADING_STATE', 'TRADING_REDUCING');
  });

  it('STALE_MARKET_DATA: denies exposure on an instrument whose latest quote is three hours old', () => {
    expectRejected(decide({ market: marketAt(NOW, lastClose, { quoteTime: NOW - 3 * 3_600_000 }) }), 'STALE_MARKET_DATA', 'STALE_MARKET_DATA');
  });

  it('STALE_MARKET_DATA: denies exposure on the first bar after the feed was silent for longer than the limit, at the limit passes', () => {
    const market = (silentMs: number) => ({ ...marketAt(NOW, lastClose), silentMs: { EURUSD: silentMs } });
    const silent = decide({ market: market(2 * 3_600_000 + 1) });
    expectRejected(silent, 'STALE_MARKET_DATA', 'STALE_MARKET_DATA');
    expect(silent.message).toBe('the EURUSD feed was silent for 7200001 ms before its latest bar, over the 7200000 ms limit');
    expect(decide({ market: market(2 * 3_600_000) }).checks.find((c) => c.code === 'STALE_MARKET_DATA')).toMatchObject({ pass: true });
  });

  it('DUPLICATE_SIGNAL: denies a signal id that was already decided', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW) });
    expect(decide({ engine }).decision).toBe('approved');
    expectRejected(decide({ engine }), 'DUPLICATE_SIGNAL', 'DUPLICATE_SIGNAL');
  });

  it('DUPLICATE_SIGNAL: denies a repeat of an approved strategy/symbol/side inside the window', () => {
    const clock = new ManualClock(NOW);
    const engine = new RiskEngine({ clock, limits: limitsWith({ orderRate: { perStrategyPerSecond: 10, perStrategyPerMinute: 10, overallPerSecond: 10 } }) });
    expect(decide({ engine }).decision).toBe('approved');
    clock.advance(30_000);
    const decision = decide({ engine, signal: buyEurusd('s2') });
    expectRejected(decision, 'DUPLICATE_SIGNAL', 'DUPLICATE_SIGNAL');
    expect(decision.message).toContain('30000 ms ago');
  });

  it('DUPLICATE_SIGNAL: keeps the whole window whatever rememberIds is, and lets the other side through', () => {
    const clock = new ManualClock(NOW);
    const engine = new RiskEngine({ clock, limits: limitsWith({ duplicate: { windowMs: 86_400_000, rememberIds: 1 } }) });
    expect(decide({ engine }).decision).toBe('approved');
    clock.advance(3_600_000);
    // Another request pushes the BUY out of the one-id memory.
    decide({ engine, signal: signalOf('other', 'USDCAD', 'BUY', { stopPrice: lastClose.USDCAD - 0.003 }) });
    clock.advance(19 * 3_600_000);
    const market = marketAt(clock.now(), lastClose);
    const repeat = decide({ engine, market, signal: buyEurusd('s3') });
    expectRejected(repeat, 'DUPLICATE_SIGNAL', 'DUPLICATE_SIGNAL');
    expect(repeat.message).toContain('72000000 ms ago');
    // The same strategy selling the symbol is not a duplicate of its buy.
    const sell = decide({ engine, market, signal: signalOf('s4', 'EURUSD', 'SELL', { stopPrice: lastClose.EURUSD + 0.002 }) });
    expect(sell.checks.find((check) => check.code === 'DUPLICATE_SIGNAL')).toMatchObject({ pass: true });
  });

  it('DUPLICATE_SIGNAL and ORDER_RATE never refuse an order that only closes a position', () => {
    const clock = new ManualClock(NOW);
    const engine = new RiskEngine({ clock, limits: limitsWith({ duplicate: { windowMs: 3 * 86_400_000 }, orderRate: { perStrategyPerSecond: 1 } }) });
    expect(decide({ engine }).decision).toBe('approved');
    // A second later the strategy closes the long it holds: a SELL exit, inside both limits' reach.
    const portfolio = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', '1', lastClose.EURUSD)] });
    const exit = decide({ engine, portfolio, signal: signalOf('close', 'EURUSD', 'SELL', { kind: 'exit' }) });
    expect(exit.decision).toBe('approved');
    expect(exit.checks.filter((check) => check.code === 'DUPLICATE_SIGNAL' || check.code === 'ORDER_RATE').map((check) => check.pass)).toEqual([true, true]);
    // ...and an exit counts towards the rate: a new entry in the same second is over it.
    const entry = decide({ engine, signal: signalOf('s5', 'USDCAD', 'BUY', { stopPrice: lastClose.USDCAD - 0.003 }) });
    expectRejected(entry, 'ORDER_RATE', 'ORDER_RATE');
  });

  it('ORDER_RATE: denies the second order of a strategy within one second when the limit is one', () => {
    const engine = new RiskEngine({ clock: new ManualClock(NOW), limits: limitsWith({ orderRate: { perStrategyPerSecond: 1 } }) });
    expect(decide({ engine }).decision).toBe('approved');
    const second = decide({ engine, signal: signalOf('s2', 'USDCAD', 'BUY', { stopPrice: lastClose.USDCAD - 0.003 }) });
    expectRejected(second, 'ORDER_RATE', 'ORDER_RATE');
    expect(second.message).toBe('1 orders from test-strategy in the last second already, the limit is 1');
  });

  it('MAX_SPREAD: denies an entry while the spread is 5 pips against a 3 pip limit', () => {
    expectRejected(decide({ market: marketAt(NOW, lastClose, { spreadPips: 5 }) }), 'MAX_SPREAD', 'MAX_SPREAD');
  });

  it('MIN_STOP_DISTANCE: denies a stop 3 pips from entry against a 5 pip minimum', () => {
    const decision = decide({ signal: buyEurusd('s1', { stopPrice: lastClose.EURUSD - 0.00025 }) });
    expectRejected(decision, 'MIN_STOP_DISTANCE', 'MIN_STOP_DISTANCE');
  });

  it('MAX_RISK_PER_TRADE: denies a trade whose regime-scaled risk (3 × 0.5 %) exceeds 1 % of equity', () => {
    const market = { ...marketAt(NOW, lastClose), regimeMultiplier: 3 };
    const decision = decide({ market });
    expectRejected(decision, 'MAX_RISK_PER_TRADE', 'MAX_RISK_PER_TRADE');
    // 1500 USD of risk over a 20.5 pip stop is 7.317 lots, floored to 7.31: 7.31 × 100 000 × 0.00205 = 1498.55.
    expect(decision.message).toBe('risk at stop 1498.55 USD exceeds 1000.00 (0.01 of equity)');
  });

  it('MAX_OPEN_RISK: denies when the stops of an open AUDUSD position plus the new trade exceed 0.6 % of equity', () => {
    const portfolio = portfolioOf(100_000, { positions: [positionOf('AUDUSD', 'BUY', 1, lastClose.AUDUSD, lastClose.AUDUSD - 0.002)] });
    const decision = decide({ portfolio, limits: limitsWith({ maxOpenRisk: 0.006 }) });
    expectRejected(decision, 'MAX_OPEN_RISK', 'MAX_OPEN_RISK');
  });

  it('MAX_POSITION_SIZE: denies 2.43 lots of EURUSD against a 2 lot symbol limit', () => {
    const decision = decide({ limits: limitsWith({ maxPositionLotsBySymbol: { EURUSD: 2 } }) });
    expectRejected(decision, 'MAX_POSITION_SIZE', 'MAX_POSITION_SIZE');
    expect(decision.message).toBe('EURUSD position would be 2.43 lots, over the 2 lot limit');
  });

  it('MAX_OPEN_POSITIONS: denies a second instrument when one position is allowed', () => {
    const portfolio = portfolioOf(100_000, { positions: [positionOf('USDCAD', 'BUY', '0.5', lastClose.USDCAD, lastClose.USDCAD - 0.003)] });
    expectRejected(decide({ portfolio, limits: limitsWith({ maxOpenPositions: 1 }) }), 'MAX_OPEN_POSITIONS', 'MAX_OPEN_POSITIONS');
  });

  it('MAX_GROSS_EXPOSURE: denies 2.85× gross leverage against a 2× limit', () => {
    expectRejected(decide({ limits: limitsWith({ maxGrossLeverage: 2 }) }), 'MAX_GROSS_EXPOSURE', 'MAX_GROSS_EXPOSURE');
  });

  it('MAX_NET_EXPOSURE: denies 2.85× net leverage against a 2× limit', () => {
    expectRejected(decide({ limits: limitsWith({ maxNetLeverage: 2 }) }), 'MAX_NET_EXPOSURE', 'MAX_NET_EXPOSURE');
  });

  it('CURRENCY_EXPOSURE: counts EURGBP long and EURUSD long as two euro-long legs', () => {
    const portfolio = portfolioOf(100_000, { positions: [positionOf('EURGBP', 'BUY', 3, lastClose.EURGBP, lastClose.EURGBP - 0.003)] });
    const decision = decide({ portfolio, limits: limitsWith({ maxNetLeverage: 10 }) });
    expectRejected(decision, 'CURRENCY_EXPOSURE', 'CURRENCY_EXPOSURE');
    expect(decision.message).toMatch(/^EUR exposure would be 6\.3\d\d× equity, over the 5× limit$/);
  });

  it('CORRELATION: denies a GBPUSD long stacked on a EURUSD long (their H1 return correlation is over 0.7)', () => {
    const portfolio = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 1, lastClose.EURUSD, lastClose.EURUSD - 0.002)] });
    const signal = signalOf('g1', 'GBPUSD', 'BUY', { stopPrice: lastClose.GBPUSD - 0.003 });
    const decision = decide({ portfolio, signal, limits: limitsWith({ correlation: { threshold: 0.7 } }) });
    expectRejected(decision, 'CORRELATION', 'CORRELATION_LIMIT');
    const correlation = history.correlationOf('GBPUSD', 'EURUSD');
    expect(correlation).toBeGreaterThan(0.7);
    expect(decision.message).toContain(`EURUSD (${correlation.toPrecision(4)})`);
  });

  it('CORRELATION: a GBPUSD short against a EURUSD long is not stacking', () => {
    const portfolio = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 1, lastClose.EURUSD, lastClose.EURUSD - 0.002)] });
    const signal = signalOf('g1', 'GBPUSD', 'SELL', { stopPrice: lastClose.GBPUSD + 0.003 });
    const decision = decide({ portfolio, signal, limits: limitsWith({ correlation: { threshold: 0.7 } }) });
    expect(decision.checks.find((c) => c.code === 'CORRELATION')?.pass).toBe(true);
  });

  it('MARGIN: denies when margin in use would pass 5 % of equity', () => {
    const decision = decide({ limits: limitsWith({ maxMarginUsage: 0.05 }) });
    expectRejected(decision, 'MARGIN', 'MARGIN');
    expect(decision.message).toMatch(/^margin in use would be 9\d{3}\.\d\d USD, over 5000\.00 \(0\.05 of equity\)$/);
  });

  it('PORTFOLIO_VAR: denies when the post-trade VaR passes 1 % of equity and downsizing is off', () => {
    const decision = decide({ limits: limitsWith({ var: { maxFractionOfEquity: 0.01, allowDownsize: false } }) });
    expectRejected(decision, 'PORTFOLIO_VAR', 'VAR_LIMIT');
  });

  it('PORTFOLIO_VAR: denies for lack of history when no return history is given', () => {
    expectRejected(decide({ history: null }), 'PORTFOLIO_VAR', 'INSUFFICIENT_HISTORY');
  });

  it('sizing failures reject before any rule runs, with their own reason', () => {
    const market = marketAt(NOW, lastClose);
    const noAtr = { ...market, atr: {} };
    const decision = decide({ signal: signalOf('n1', 'EURUSD', 'BUY'), market: noAtr });
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'NO_STOP', order: null, checks: [] });
  });
});
