// Which held positions the correlation rule weighs: only other instruments
// that hold something, each with return history (the order's own position
// and flat books need none), signed by both directions, on 500 real aligned
// H1 returns of the six 2025 pairs.
import type { RiskDecision } from '../risk.types';
import { marketAt, portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { fxReturnHistory } from '../testing/shared-fx-returns';
import { decideAlone, EQUITY, RULE_TIME } from '../testing/single-rule';
import { correlationRule } from './correlation.rule';

const { history, lastClose } = fxReturnHistory(500);
const market = marketAt(RULE_TIME, lastClose);
const buy = (symbol: string) => ({ signal: signalOf('c1', symbol, 'BUY', { stopPrice: lastClose[symbol] - 0.003 }), market });
const sell = (symbol: string) => ({ signal: signalOf('c1', symbol, 'SELL', { stopPrice: lastClose[symbol] + 0.003 }), market });
const long = (...symbols: string[]) => portfolioOf(EQUITY, { positions: symbols.map((symbol) => positionOf(symbol, 'BUY', '1', lastClose[symbol])) });
const verdict = (decision: RiskDecision) => ({ decision: decision.decision, checks: decision.checks });
const passes = (correlation: number, threshold = 0.8) => ({
  decision: 'approved',
  checks: [{ code: 'CORRELATION', pass: true, detail: `highest directional correlation ${correlation.toPrecision(4)}`, measure: { value: Number(correlation.toPrecision(10)), limit: threshold, unit: 'correlation' } }],
});
const lacksHistory = (symbol: string, other: string) => ({
  decision: 'rejected',
  checks: [{ code: 'CORRELATION', pass: false, reason: 'INSUFFICIENT_HISTORY', message: `need 100 aligned returns of ${symbol} and ${other} to measure their correlation` }],
});

describe('CORRELATION: the positions it weighs', () => {
  it('needs no history for an order that only adds to its own position', () => {
    expect(verdict(decideAlone(correlationRule, buy('EURUSD'), { portfolio: long('EURUSD'), history: null }))).toEqual(passes(0));
  });

  it('needs no history for an instrument whose position a working order closes (a flat book)', () => {
    const flat = portfolioOf(EQUITY, {
      positions: [positionOf('GBPUSD', 'BUY', '1', lastClose.GBPUSD)],
      openOrders: [{ clientOrderId: 'w1', symbol: 'GBPUSD', side: 'SELL', size: positionOf('GBPUSD', 'SELL', '1', 1).size, entryPrice: lastClose.GBPUSD + 0.001, stopPrice: lastClose.GBPUSD + 0.002 }],
    });
    expect(verdict(decideAlone(correlationRule, buy('EURUSD'), { portfolio: flat, history: null }))).toEqual(passes(0));
  });

  it('refuses when the order or the held instrument has no returns in the history', () => {
    const { history: twoPairs } = fxReturnHistory(500, ['AUDUSD', 'EURUSD']);
    expect(verdict(decideAlone(correlationRule, buy('GBPUSD'), { portfolio: long('EURUSD'), history: twoPairs }))).toEqual(lacksHistory('GBPUSD', 'EURUSD'));
    expect(verdict(decideAlone(correlationRule, buy('EURUSD'), { portfolio: long('GBPUSD'), history: twoPairs }))).toEqual(lacksHistory('EURUSD', 'GBPUSD'));
  });

  it('finds the first symbol of the history (AUDUSD) as the order and as the held one', () => {
    expect(history.symbols[0]).toBe('AUDUSD');
    const c = history.correlationOf('AUDUSD', 'EURUSD');
    expect(verdict(decideAlone(correlationRule, buy('AUDUSD'), { portfolio: long('EURUSD'), history, limits: { correlation: { threshold: 0.99 } } }))).toEqual(passes(c, 0.99));
    expect(verdict(decideAlone(correlationRule, buy('EURUSD'), { portfolio: long('AUDUSD'), history, limits: { correlation: { threshold: 0.99 } } }))).toEqual(passes(c, 0.99));
  });

  it('reports no correlation above 0 for a GBPUSD short against a EURUSD long (they move together, so it hedges)', () => {
    expect(history.correlationOf('GBPUSD', 'EURUSD')).toBeGreaterThan(0.6);
    expect(verdict(decideAlone(correlationRule, sell('GBPUSD'), { portfolio: long('EURUSD'), history }))).toEqual(passes(0));
  });

  it('names every position a GBPUSD long stacks on, in the order held', () => {
    const withEur = history.correlationOf('GBPUSD', 'EURUSD');
    const withAud = history.correlationOf('GBPUSD', 'AUDUSD');
    const threshold = Math.min(withEur, withAud);
    expect(threshold).toBeGreaterThan(0.3);
    expect(verdict(decideAlone(correlationRule, buy('GBPUSD'), { portfolio: long('EURUSD', 'AUDUSD'), history, limits: { correlation: { threshold, maxCorrelatedPositions: 1 } } }))).toEqual({
      decision: 'rejected',
      checks: [
        {
          code: 'CORRELATION',
          pass: false,
          reason: 'CORRELATION_LIMIT',
          message: `BUY GBPUSD stacks on EURUSD (${withEur.toPrecision(4)}), AUDUSD (${withAud.toPrecision(4)}): correlation >= ${threshold}, at most 1 allowed`,
          measure: { value: 2, limit: 1, unit: 'correlated positions' },
        },
      ],
    });
  });
});
