// The rules on the flow of orders and the state of the market, each alone in a
// real engine: the order it lets through (with the verdict and measure the
// decision carries), the limit exactly, and one smallest step past it (1 ms,
// one order, one point of spread or stop distance). Limits are set off their
// defaults so a rule that ignored its setting would be seen.
import { barAt, instrumentFor, pointsToPrice } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { marketAt, portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { type AloneOptions, decideAlone, expectApproved, expectRejected, exactMarket, marketOf, RULE_TIME, sizedEntry } from '../testing/single-rule';
import { duplicateSignalRule } from './duplicate-signal.rule';
import { maxSpreadRule } from './max-spread.rule';
import { minStopDistanceRule } from './min-stop-distance.rule';
import { orderRateRule } from './order-rate.rule';
import { REDUCES_EXPOSURE } from './risk-rule';
import { staleMarketDataRule } from './stale-market-data.rule';
import { tradingStateRule } from './trading-state.rule';

const longEurusd = (lots: string) => portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', lots, 1.1, 1.099)] });
const exitEurusd = () => ({ signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), market: exactMarket() });
/** The next double after `x` towards `to`: the smallest step past a float limit. */
const nextAfter = (x: number, to: number) => {
  const bits = new Float64Array([x]);
  new BigInt64Array(bits.buffer)[0] += x < to ? 1n : -1n;
  return bits[0];
};

describe('TRADING_STATE at its boundaries', () => {
  const rule = tradingStateRule;

  it('ACTIVE lets an entry through', () => {
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1')), '1', { code: 'TRADING_STATE', detail: 'trading is ACTIVE' });
  });

  it('REDUCING lets a sell of exactly the 1 lot held through, and refuses 1.01 lots (it would flip the position)', () => {
    const reduce: AloneOptions = { portfolio: longEurusd('1'), prepare: (engine) => engine.reduce('test') };
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'SELL', '1'), reduce), '1', { code: 'TRADING_STATE', detail: 'REDUCING: order only reduces a position' });
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'SELL', '1.01'), reduce), '1.01', {
      code: 'TRADING_STATE',
      reason: 'TRADING_REDUCING',
      message: 'trading is REDUCING: SELL 1.01 EURUSD would add exposure',
    });
  });

  it('HALTED lets through only the sell that flattens the 1 lot held: 0.99 and 1.01 lots are refused', () => {
    const halt: AloneOptions = { portfolio: longEurusd('1'), prepare: (engine) => engine.killSwitch(longEurusd('1'), exactMarket(), 'test') };
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'SELL', '1'), halt), '1', { code: 'TRADING_STATE', detail: 'HALTED: order flattens the position' });
    for (const lots of ['0.99', '1.01']) {
      expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'SELL', lots), halt), lots, {
        code: 'TRADING_STATE',
        reason: 'TRADING_HALTED',
        message: `trading is HALTED: only orders that flatten a position pass, not SELL ${lots} EURUSD`,
      });
    }
  });

  it('HALTED judges the filled position, not a working order on top of it: selling the 1 lot held flattens it', () => {
    const portfolio = portfolioOf(100_000, {
      positions: [positionOf('EURUSD', 'BUY', '1', 1.1, 1.099)],
      openOrders: [{ clientOrderId: 'w1', symbol: 'EURUSD', side: 'BUY', size: positionOf('EURUSD', 'BUY', '1', 1.1).size, entryPrice: 1.098, stopPrice: 1.097 }],
    });
    const decision = decideAlone(rule, sizedEntry('EURUSD', 'SELL', '1'), { portfolio, prepare: (engine) => engine.killSwitch(portfolio, exactMarket(), 'test') });
    expectApproved(decision, '1', { code: 'TRADING_STATE', detail: 'HALTED: order flattens the position' });
  });
});

describe('STALE_MARKET_DATA at its boundaries (staleDataMs 300000)', () => {
  const rule = staleMarketDataRule;
  const limits = { breakers: { staleDataMs: 300_000 } };
  const quotedAgo = (ms: number, extra = {}) => sizedEntry('EURUSD', 'BUY', '1', { market: { ...marketAt(RULE_TIME - ms, { EURUSD: 1.1 }, { spreadPips: 0 }), ...extra } });

  it('a quote exactly 300000 ms old is fresh enough; 300001 ms is stale', () => {
    expectApproved(decideAlone(rule, quotedAgo(300_000), { limits }), '1', {
      code: 'STALE_MARKET_DATA',
      detail: 'latest data 300000 ms old',
      measure: { value: 300_000, limit: 300_000, unit: 'ms' },
    });
    expectRejected(decideAlone(rule, quotedAgo(300_001), { limits }), '1', {
      code: 'STALE_MARKET_DATA',
      reason: 'STALE_MARKET_DATA',
      message: 'latest EURUSD data is 300001 ms old, over the 300000 ms limit',
      measure: { value: 300_001, limit: 300_000, unit: 'ms' },
    });
  });

  it('a bar newer than the quote is the latest data', () => {
    expectApproved(decideAlone(rule, quotedAgo(3_600_000, { lastBarTime: { EURUSD: RULE_TIME - 60_000 } }), { limits }), '1', {
      code: 'STALE_MARKET_DATA',
      detail: 'latest data 60000 ms old',
      measure: { value: 60_000, limit: 300_000, unit: 'ms' },
    });
  });

  it('a feed silent for exactly 300000 ms before its latest bar passes; 300001 ms is refused', () => {
    expectApproved(decideAlone(rule, quotedAgo(0, { silentMs: { EURUSD: 300_000 } }), { limits }), '1', {
      code: 'STALE_MARKET_DATA',
      detail: 'latest data 0 ms old',
      measure: { value: 0, limit: 300_000, unit: 'ms' },
    });
    expectRejected(decideAlone(rule, quotedAgo(0, { silentMs: { EURUSD: 300_001 } }), { limits }), '1', {
      code: 'STALE_MARKET_DATA',
      reason: 'STALE_MARKET_DATA',
      message: 'the EURUSD feed was silent for 300001 ms before its latest bar, over the 300000 ms limit',
      measure: { value: 300_001, limit: 300_000, unit: 'ms' },
    });
  });

  it('refuses an entry on a symbol with neither quote nor bar, and lets a close through on stale data', () => {
    const blind = { signal: signalOf('o1', 'EURUSD', 'BUY', { entryPrice: 1.1, stopPrice: 1.099 }), market: { quotes: {}, atr: {}, instruments: {} } };
    expect(decideAlone(rule, blind, { limits })).toMatchObject({
      decision: 'rejected',
      reason: 'STALE_MARKET_DATA',
      checks: [{ code: 'STALE_MARKET_DATA', pass: false, reason: 'STALE_MARKET_DATA', message: 'no quote or bar has been seen for EURUSD' }],
    });
    const exit = { signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), market: quotedAgo(3_600_000).market };
    expectApproved(decideAlone(rule, exit, { limits, portfolio: longEurusd('1') }), '1', { code: 'STALE_MARKET_DATA', detail: REDUCES_EXPOSURE });
  });
});

describe('DUPLICATE_SIGNAL at its boundaries (windowMs 120000)', () => {
  const rule = duplicateSignalRule;
  const limits = { duplicate: { windowMs: 120_000 } };
  const approved = (ago: number, entry: Partial<{ strategy: string; symbol: string; side: 'BUY' | 'SELL' }> = {}) => ({
    memory: { approvedEntries: [{ strategy: 'test-strategy', symbol: 'EURUSD', side: 'BUY' as const, time: RULE_TIME - ago, id: 'earlier', ...entry }] },
    limits,
  });
  const first = { code: 'DUPLICATE_SIGNAL', detail: 'first entry of its kind in the window' };

  it('a repeat of the same strategy, symbol and side 119999 ms later is a duplicate; 120000 ms later it is not', () => {
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), approved(119_999)), '1', {
      code: 'DUPLICATE_SIGNAL',
      reason: 'DUPLICATE_SIGNAL',
      message: 'test-strategy already had BUY EURUSD approved 119999 ms ago (signal earlier), inside the 120000 ms window',
    });
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), approved(120_000)), '1', first);
  });

  it('inside the window, the other side, another symbol or another strategy is not a duplicate', () => {
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), approved(1_000, { side: 'SELL' })), '1', first);
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), approved(1_000, { symbol: 'GBPUSD' })), '1', first);
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', 'BUY', '1'), approved(1_000, { strategy: 'other' })), '1', first);
  });

  it('an order that only closes is never a same-side duplicate, but a request already decided is refused whatever it does', () => {
    expectApproved(decideAlone(rule, exitEurusd(), { ...approved(1_000, { side: 'SELL' }), portfolio: longEurusd('1') }), '1', { code: 'DUPLICATE_SIGNAL', detail: REDUCES_EXPOSURE });
    const decided = { memory: { recentSignals: [{ id: 'x1', strategy: 'test-strategy', symbol: 'EURUSD', side: 'SELL' as const, time: RULE_TIME - 1_000, approved: false }] }, limits, portfolio: longEurusd('1') };
    expectRejected(decideAlone(rule, exitEurusd(), decided), '1', { code: 'DUPLICATE_SIGNAL', reason: 'DUPLICATE_SIGNAL', message: 'request x1 was already decided' });
  });
});

describe('ORDER_RATE at its boundaries (2/s and 3/min per strategy, 4/s and 6/min overall)', () => {
  const rule = orderRateRule;
  const limits = { orderRate: { perStrategyPerSecond: 2, perStrategyPerMinute: 3, overallPerSecond: 4, overallPerMinute: 6 } };
  const sent = (...orders: [strategy: string, ago: number][]) => ({ memory: { recentOrders: orders.map(([strategy, ago]) => ({ strategy, time: RULE_TIME - ago })) }, limits });
  const times = (count: number, strategy: string, ago: number): [string, number][] => Array.from({ length: count }, () => [strategy, ago]);
  const entry = () => sizedEntry('EURUSD', 'BUY', '1');
  const perMinute = (value: number) => ({ value, limit: 3, unit: 'orders per minute' });
  const refused = (message: string, strategyMinute: number) => ({ code: 'ORDER_RATE', reason: 'ORDER_RATE', message, measure: perMinute(strategyMinute) });

  it('per strategy and second: 1 order 999 ms ago passes, 2 are the limit, and 2 sent exactly 1000 ms ago have left the second', () => {
    expectApproved(decideAlone(rule, entry(), sent(...times(1, 'test-strategy', 999))), '1', {
      code: 'ORDER_RATE',
      detail: '1/1 strategy and 1/1 overall orders in the last second/minute',
      measure: perMinute(1),
    });
    expectRejected(decideAlone(rule, entry(), sent(...times(2, 'test-strategy', 999))), '1', refused('2 orders from test-strategy in the last second already, the limit is 2', 2));
    expectApproved(decideAlone(rule, entry(), sent(...times(2, 'test-strategy', 1_000))), '1', {
      code: 'ORDER_RATE',
      detail: '0/2 strategy and 0/2 overall orders in the last second/minute',
      measure: perMinute(2),
    });
  });

  it('per strategy and minute: 3 orders 59999 ms ago are the limit; 60000 ms ago they have left the minute', () => {
    expectRejected(decideAlone(rule, entry(), sent(...times(3, 'test-strategy', 59_999))), '1', refused('3 orders from test-strategy in the last minute already, the limit is 3', 3));
    expectApproved(decideAlone(rule, entry(), sent(...times(3, 'test-strategy', 60_000))), '1', {
      code: 'ORDER_RATE',
      detail: '0/0 strategy and 0/0 overall orders in the last second/minute',
      measure: perMinute(0),
    });
  });

  it('overall: other strategies count only against the overall limits (3 then 4 in the second, 5 then 6 in the minute)', () => {
    expectApproved(decideAlone(rule, entry(), sent(...times(3, 'other', 999))), '1', {
      code: 'ORDER_RATE',
      detail: '0/0 strategy and 3/3 overall orders in the last second/minute',
      measure: perMinute(0),
    });
    expectRejected(decideAlone(rule, entry(), sent(...times(4, 'other', 999))), '1', refused('4 orders in the last second already, the limit is 4', 0));
    expectApproved(decideAlone(rule, entry(), sent(...times(5, 'other', 30_000))), '1', {
      code: 'ORDER_RATE',
      detail: '0/0 strategy and 0/5 overall orders in the last second/minute',
      measure: perMinute(0),
    });
    expectRejected(decideAlone(rule, entry(), sent(...times(6, 'other', 30_000))), '1', refused('6 orders in the last minute already, the limit is 6', 0));
  });

  it('never holds back a close, however many orders went out', () => {
    expectApproved(decideAlone(rule, exitEurusd(), { ...sent(...times(6, 'test-strategy', 10)), portfolio: longEurusd('1') }), '1', { code: 'ORDER_RATE', detail: REDUCES_EXPOSURE });
  });
});

describe('MAX_SPREAD at its boundaries, on the EURUSD quote of the 2025-07-09 00:00 H1 bar', () => {
  const rule = maxSpreadRule;
  // The bar closed at bid 1.17189 with a spread of 22 points (2.2 pips): the desk quotes it as bid = close,
  // ask = close + spread (1.17211), as the paper venue fills. In floating point 1.17189 + 0.00022 - 1.17189
  // is 2.20000000000109 pips.
  const bars = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');
  const bar = barAt(bars, bars.time.indexOf(Date.UTC(2025, 6, 9, 0)));
  const quote = { symbol: 'EURUSD', time: RULE_TIME, bid: bar.close, ask: bar.close + pointsToPrice(bar.spread, instrumentFor('EURUSD')) };
  const entry = () => ({ signal: signalOf('o1', 'EURUSD', 'BUY', { stopPrice: 1.16989 }), market: marketOf(quote) });

  it('reads the bar as 1.17189 with 22 points of spread', () => {
    expect([bar.close, bar.spread]).toEqual([1.17189, 22]);
  });

  it('a spread of exactly the 2.2 pip limit passes', () => {
    // 0.5 % of 100,000 over the 22.2 pip stop from the ask: 500 / 222 = 2.25 lots.
    expectApproved(decideAlone(rule, entry(), { limits: { maxSpreadPips: 2.2 } }), '2.25', {
      code: 'MAX_SPREAD',
      detail: 'spread 2.200 pips',
      measure: { value: 2.2, limit: 2.2, unit: 'pips' },
    });
  });

  it('a spread one point (0.1 pip) over the 2.1 pip limit is refused', () => {
    expectRejected(decideAlone(rule, entry(), { limits: { maxSpreadPips: 2.1 } }), '2.25', {
      code: 'MAX_SPREAD',
      reason: 'MAX_SPREAD',
      message: 'EURUSD spread is 2.200 pips, over the 2.1 pip limit',
      measure: { value: 2.2, limit: 2.1, unit: 'pips' },
    });
  });

  it('forgives float noise of up to 1e-9 pip over the limit, and not one double more', () => {
    // The rule measures (ask - bid) / pipSize, 2.20000000000109 pips here: a limit 1e-9 pip under it still passes.
    const forgiven = (quote.ask - quote.bid) / instrumentFor('EURUSD').pipSize - 1e-9;
    expect(decideAlone(rule, entry(), { limits: { maxSpreadPips: forgiven } }).decision).toBe('approved');
    expect(decideAlone(rule, entry(), { limits: { maxSpreadPips: nextAfter(forgiven, 0) } }).reason).toBe('MAX_SPREAD');
  });

  it('refuses an entry with no quote to measure, and lets a close through whatever the spread', () => {
    const blind = { signal: signalOf('o1', 'EURUSD', 'BUY', { entryPrice: 1.1, stopPrice: 1.099 }), market: { quotes: {}, atr: {}, instruments: {} } };
    expect(decideAlone(rule, blind).checks).toEqual([{ code: 'MAX_SPREAD', pass: false, reason: 'MAX_SPREAD', message: 'no quote for EURUSD, so its spread is unknown' }]);
    const exit = { signal: signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), market: marketAt(RULE_TIME, { EURUSD: 1.1 }, { spreadPips: 40 }) };
    expectApproved(decideAlone(rule, exit, { portfolio: longEurusd('1') }), '1', { code: 'MAX_SPREAD', detail: REDUCES_EXPOSURE });
  });
});

describe('MIN_STOP_DISTANCE at its boundaries (minStopPips 8)', () => {
  const rule = minStopDistanceRule;
  const limits = { minStopPips: 8 };

  it.each([
    { side: 'BUY', stopPips: 8, lots: '6.25' },
    { side: 'SELL', stopPips: 8, lots: '6.25' },
  ] as const)('a $side stop exactly 8 pips from the 1.1 entry passes', ({ side, stopPips, lots }) => {
    expectApproved(decideAlone(rule, sizedEntry('EURUSD', side, lots, { stopPips }), { limits }), lots, {
      code: 'MIN_STOP_DISTANCE',
      detail: 'stop 8.000 pips from entry',
      measure: { value: 8, limit: 8, unit: 'pips (minimum)' },
    });
  });

  it.each(['BUY', 'SELL'] as const)('a %s stop 7.9 pips (one point short) from the entry is refused', (side) => {
    expectRejected(decideAlone(rule, sizedEntry('EURUSD', side, '6.32', { stopPips: 7.9 }), { limits }), '6.32', {
      code: 'MIN_STOP_DISTANCE',
      reason: 'MIN_STOP_DISTANCE',
      message: 'stop is 7.900 pips from entry, under the 8 pip minimum',
      measure: { value: 7.9, limit: 8, unit: 'pips (minimum)' },
    });
  });

  it('forgives float noise of up to 1e-9 pip under the minimum, and not one double more', () => {
    // The rule measures |entry - stop| / pipSize from the 1.1 ask to the stop 8 pips under it: a minimum 1e-9 pip over that still passes.
    const entry = sizedEntry('EURUSD', 'BUY', '6.25', { stopPips: 8 });
    const forgiven = Math.abs(1.1 - (entry.signal.stopPrice ?? Number.NaN)) / 0.0001 + 1e-9;
    expect(decideAlone(rule, entry, { limits: { minStopPips: forgiven } }).decision).toBe('approved');
    expect(decideAlone(rule, entry, { limits: { minStopPips: nextAfter(forgiven, 100) } }).reason).toBe('MIN_STOP_DISTANCE');
  });
});
