import type { SignalGenerated } from '@trading/contracts';
import { ExactDecimal, Money, Quantity, instrumentFor, MemoryDecisionSink } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { parseRiskLimits } from '../limits.config';
import { ReturnHistory } from '../measures/return-history';
import { FX_2025_SYMBOLS, fxReturnHistory } from '../testing/shared-fx-returns';
import { DeskBook } from './desk-book';
import { RiskEnginePolicy } from './engine.policy';
import { MarketStateTracker } from './market-state.tracker';
import type { DeskBar } from './sizing.policy';

const HOUR = 3_600_000;
const STALE = 2 * HOUR;

interface Bar {
  readonly slot: number;
  readonly barTime: number;
  readonly close: number;
}

function deskBar(book: DeskBook, bar: Bar, interval = HOUR): DeskBar {
  const { slot, barTime, close } = bar;
  book.quote(slot, close, 0.0001, barTime);
  return { symbol: book.instruments[slot].symbol, slot, barTime, time: barTime + interval, open: close, high: close + 0.0005, low: close - 0.0005, close, slippage: 0, book };
}

/** The six 2025 H1 pairs merged in time order (slot order within a time), as the desk receives them. */
function sixPairs(): Bar[] {
  const merged = FX_2025_SYMBOLS.flatMap((symbol, slot) => {
    const bars = readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1');
    return Array.from(bars.time, (barTime, i) => ({ slot, barTime, close: bars.close[i] }));
  });
  return merged.sort((a, b) => a.barTime - b.barTime || a.slot - b.slot);
}

function book(symbols: readonly string[]): DeskBook {
  return new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: symbols.map((symbol) => instrumentFor(symbol)) });
}

describe('MarketStateTracker', () => {
  const CHF = FX_2025_SYMBOLS.indexOf('USDCHF');
  const bars = sixPairs();
  /** USDCHF's file ends 14 hours before the other five: its last bar starts 2026-01-20 20:00. */
  const chfLast = Math.max(...bars.filter((bar) => bar.slot === CHF).map((bar) => bar.barTime));

  it('retires a feed that ended: the others align again without it, after the rows they shared with it', () => {
    expect(new Date(chfLast).toISOString()).toBe('2026-01-20T20:00:00.000Z');
    const desk = book(FX_2025_SYMBOLS);
    const tracker = new MarketStateTracker(desk.instruments, 501, 14, STALE);
    // Through the bar closing at 01:00: USDCHF's next bar would be silent for 3 h only once the bars of 02:00 come.
    const upTo = chfLast + 4 * HOUR;
    for (const bar of bars) if (bar.barTime <= upTo) tracker.observe(deskBar(desk, bar));
    // Nothing retired over the run's weekends and year-end holidays: the history is the plain six-pair alignment.
    expect(Array.from(tracker.history()?.returns ?? [])).toEqual(Array.from(fxReturnHistory(500).history.returns));
    for (const bar of bars) if (bar.barTime > upTo) tracker.observe(deskBar(desk, bar));

    // Expected, computed apart: rows of all six up to USDCHF's last close (21:00), none while it was only late
    // (22:00 to 00:00: ordinary gaps), then the five from 01:00, when its silence passed the horizon, to the end (11:00).
    const others = FX_2025_SYMBOLS.filter((symbol) => symbol !== 'USDCHF');
    const closeAt = new Map<string, number>(bars.map((bar) => [`${bar.slot}@${bar.barTime + HOUR}`, bar.close]));
    const times = [...new Set(bars.map((bar) => bar.barTime + HOUR))].sort((a, b) => a - b);
    const shared = times.filter((time) => time <= chfLast + HOUR || time >= chfLast + 5 * HOUR).filter((time) => FX_2025_SYMBOLS.every((_, slot) => slot === CHF || closeAt.has(`${slot}@${time}`)));
    const last = shared.slice(-501);
    expect(new Date(last[last.length - 1]).toISOString()).toBe('2026-01-21T11:00:00.000Z');
    const expected = ReturnHistory.fromCloses(Object.fromEntries(others.map((symbol) => [symbol, last.map((time) => closeAt.get(`${FX_2025_SYMBOLS.indexOf(symbol)}@${time}`) as number)])));
    const history = tracker.history();
    expect(history?.symbols).toEqual(others);
    expect(history?.length).toBe(500);
    expect(Array.from(history?.returns ?? [])).toEqual(Array.from(expected.returns));
  });

  it('aligns the symbols whose feed has started, and restarts the alignment when a late one starts', () => {
    const desk = book(['EURUSD', 'GBPUSD']);
    const tracker = new MarketStateTracker(desk.instruments, 501, 14, STALE);
    const start = Date.UTC(2025, 0, 6);
    // EURUSD alone for ten hours: GBPUSD has no price yet, so it holds nothing back.
    for (let i = 0; i < 10; i++) tracker.observe(deskBar(desk, { slot: 0, barTime: start + i * HOUR, close: 1 + i / 100 }));
    expect(tracker.history()?.symbols).toEqual(['EURUSD']);
    expect(tracker.history()?.length).toBe(9);
    // GBPUSD's first bar: the rows without it go, the alignment restarts over both.
    tracker.observe(deskBar(desk, { slot: 0, barTime: start + 10 * HOUR, close: 1.1 }));
    tracker.observe(deskBar(desk, { slot: 1, barTime: start + 10 * HOUR, close: 1.3 }));
    expect(tracker.history()).toBeNull();
    tracker.observe(deskBar(desk, { slot: 0, barTime: start + 11 * HOUR, close: 1.21 }));
    tracker.observe(deskBar(desk, { slot: 1, barTime: start + 11 * HOUR, close: 1.43 }));
    const history = tracker.history();
    expect(history?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    expect(Array.from(history?.returns ?? []).map((r) => r.toFixed(12))).toEqual(['0.100000000000', '0.100000000000']);
  });

  it('treats a silence up to the horizon as ordinary gaps (rows dropped), and retires a feed silent for longer', () => {
    const desk = book(['EURUSD', 'GBPUSD']);
    const tracker = new MarketStateTracker(desk.instruments, 501, 14, STALE);
    const start = Date.UTC(2025, 0, 7); // a Tuesday
    const both = (i: number) => {
      tracker.observe(deskBar(desk, { slot: 0, barTime: start + i * HOUR, close: 1.1 + i / 1000 }));
      tracker.observe(deskBar(desk, { slot: 1, barTime: start + i * HOUR, close: 1.3 + i / 1000 }));
    };
    for (let i = 0; i < 5; i++) both(i);
    // GBPUSD misses the bars of 05:00 and 06:00 (2 h of silence, not over the horizon): no rows, nobody retired.
    for (const i of [5, 6, 7]) tracker.observe(deskBar(desk, { slot: 0, barTime: start + i * HOUR, close: 1.1 + i / 1000 }));
    expect(tracker.history()?.length).toBe(4);
    expect(tracker.history()?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    tracker.observe(deskBar(desk, { slot: 1, barTime: start + 7 * HOUR, close: 1.307 }));
    expect(tracker.history()?.length).toBe(5);
    // Then it misses 08:00 onwards. A bar of its at 11:00 would report 3 h of silence (08:00 to 10:00), over the
    // horizon: once the bars of 12:00 show that the 11:00 one never came, it is retired and the 11:00 row forms without it.
    for (const i of [8, 9, 10, 11]) tracker.observe(deskBar(desk, { slot: 0, barTime: start + i * HOUR, close: 1.1 + i / 1000 }));
    expect(tracker.history()?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    expect(tracker.history()?.length).toBe(5);
    tracker.observe(deskBar(desk, { slot: 0, barTime: start + 12 * HOUR, close: 1.112 }));
    expect(tracker.history()?.symbols).toEqual(['EURUSD']);
    // Rows: 00:00..04:00 and 07:00 with both, then 11:00 and 12:00.
    expect(tracker.history()?.length).toBe(7);
  });

  it('fails closed while a position is held in a symbol whose feed ended, and stops blocking once it is flat', () => {
    const lines = new MemoryDecisionSink();
    const desk = book(FX_2025_SYMBOLS);
    // The volatility breaker off, so that only the rules under test decide.
    const policy = new RiskEnginePolicy({ limits: parseRiskLimits({ breakers: { volatilityZScore: 1_000 } }), decisions: lines });
    const feed = (from: number, to: number) => {
      for (const bar of bars) if (bar.barTime >= from && bar.barTime <= to) policy.observeBar(deskBar(desk, bar));
    };
    feed(Number.NEGATIVE_INFINITY, chfLast);
    // 0.1 lot long USDCHF, filled at its last close.
    const chfBid = desk.bid(CHF);
    desk.sent({ id: 'chf-long', strategy: 'carry', symbol: 'USDCHF', side: 'buy', quantity: Quantity.of('0.1'), stopLoss: chfBid - 0.003 });
    desk.fill({ orderId: 'chf-long', strategy: 'carry', symbol: 'USDCHF', side: 'buy', quantity: Quantity.of('0.1'), price: chfBid, time: chfLast + HOUR, commission: Money.of(0, 'USD'), reason: 'test' });
    feed(chfLast + 1, Number.POSITIVE_INFINITY);
    const end = Math.max(...bars.map((bar) => bar.barTime)) + HOUR;
    const eur = FX_2025_SYMBOLS.indexOf('EURUSD');
    const entry = (symbol: string, slot: number, id: string) => {
      const signal: SignalGenerated = { strategy: 'trend', symbol, timeframe: 'H1', barTime: end - HOUR, side: 'buy', strength: 1, confidence: 1, stopLoss: Number((desk.bid(slot) - 0.002).toFixed(5)), reason: 'test' };
      const decision = policy.size({ signal, signalId: id, decisionId: id, clientOrderId: id, instrument: desk.instruments[slot], equity: desk.cash, entryPrice: desk.bid(slot), quoteToAccount: new ExactDecimal(1), time: end, book: desk, closing: Quantity.of(0) });
      const line = JSON.parse(lines.lines[lines.lines.length - 1]) as { checks: { code: string; pass: boolean; reason?: string; message?: string }[] };
      return { decision, failed: line.checks.filter((check) => !check.pass).map((check) => `${check.code} ${check.reason}: ${check.message}`) };
    };

    // Nor is the portfolio's VaR sampled while it holds what the history no longer prices.
    const varTimes = policy.riskSummary().valueAtRisk.points.map((point) => point.time);
    expect(varTimes.at(-1)).toBeLessThan(chfLast + 6 * HOUR);
    expect(varTimes.at(-1)).toBeGreaterThan(chfLast);
    // New exposure anywhere is refused: the held USDCHF has no return history to measure VaR or correlation with.
    const held = entry('EURUSD', eur, 'eur-1');
    expect(held.decision.quantity.isZero()).toBe(true);
    expect(held.failed).toEqual([
      'CORRELATION INSUFFICIENT_HISTORY: need 100 aligned returns of EURUSD and USDCHF to measure their correlation',
      'PORTFOLIO_VAR INSUFFICIENT_HISTORY: no return history for held USDCHF, so VaR cannot be measured',
    ]);
    // In USDCHF itself its stale data refuses it (its last close, 21:00, is 14 h old at 11:00), and it has no history.
    expect(entry('USDCHF', CHF, 'chf-2').failed).toEqual([
      'STALE_MARKET_DATA STALE_MARKET_DATA: latest USDCHF data is 50400000 ms old, over the 7200000 ms limit',
      'PORTFOLIO_VAR INSUFFICIENT_HISTORY: need 250 returns of USDCHF to measure VaR',
    ]);
    // Closing it is allowed (it only reduces exposure)...
    const close: SignalGenerated = { strategy: 'carry', symbol: 'USDCHF', timeframe: 'H1', barTime: end - HOUR, side: 'flat', strength: 1, confidence: 1, reason: 'test' };
    const closing = policy.approveClose({ signal: close, signalId: 'chf-close', decisionId: 'chf-close', clientOrderId: 'chf-close', time: end, quantity: Quantity.of('0.1'), book: desk });
    expect(closing).toMatchObject({ approved: true, reason: 'risk engine approved the close' });
    expect((closing as { checks?: { pass: boolean }[] }).checks?.filter((check) => !check.pass)).toEqual([]);
    desk.fill({ orderId: 'chf-close', strategy: 'carry', symbol: 'USDCHF', side: 'sell', quantity: Quantity.of('0.1'), price: chfBid, time: end, commission: Money.of(0, 'USD'), reason: 'test' });
    // ...and once flat, the ended feed holds nothing back: the same entry is measured on the five live pairs.
    const flat = entry('EURUSD', eur, 'eur-3');
    expect(flat.failed).toEqual([]);
    expect(flat.decision.quantity.isZero()).toBe(false);
  });
});
