import { readSharedBars, sharedData } from '@trading/test-support';
import { FX_2025_SYMBOLS, fxReturnHistory } from '../testing/shared-fx-returns';
import { ReturnHistory } from '../measures/return-history';
import { AlignedClosesWindow } from './aligned-closes.window';

const HOUR = 3_600_000;

describe('AlignedClosesWindow', () => {
  it('keeps only the times every symbol closed a bar at', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.1);
    window.push(1, 1000, 1.3);
    window.push(0, 2000, 1.21); // GBPUSD skips 2000: the row is dropped
    window.push(0, 3000, 1.21);
    window.push(1, 3000, 1.43);
    expect(window.rows).toBe(2);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    expect(history?.length).toBe(1);
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
    expect(history?.returns[1]).toBeCloseTo(0.1, 12);
  });

  it('keeps the latest capacity closes, oldest first', () => {
    const window = new AlignedClosesWindow(['EURUSD'], 3);
    [1, 2, 4, 8, 4].forEach((close, t) => window.push(0, t, close));
    const history = window.history();
    // Closes 4, 8, 4: returns +100% then -50%.
    expect(Array.from(history?.returns ?? [])).toEqual([1, -0.5]);
  });

  it('has no history before two aligned rows, and rebuilds it only after a new row', () => {
    const window = new AlignedClosesWindow(['EURUSD'], 5);
    window.push(0, 0, 1);
    expect(window.history()).toBeNull();
    window.push(0, 1, 2);
    const first = window.history();
    expect(window.history()).toBe(first);
    window.push(0, 2, 3);
    expect(window.history()).not.toBe(first);
  });

  it('forms rows over the symbols whose feed has started, and restarts the alignment when another starts', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    // Only EURUSD trades at first: GBPUSD has no price and holds nothing back.
    window.push(0, 1000, 1.0);
    window.push(0, 2000, 1.1);
    window.push(0, 3000, 1.21);
    expect(window.isLive(1)).toBe(false);
    expect(window.history()?.symbols).toEqual(['EURUSD']);
    expect(Array.from(window.history()?.returns ?? []).map((r) => r.toFixed(12))).toEqual(['0.100000000000', '0.100000000000']);
    // GBPUSD's first bar closes at 4000, after EURUSD's: the rows it has no close in go, the 4000 row forms with both.
    window.push(0, 4000, 1.331);
    window.push(1, 4000, 1.3);
    expect(window.rows).toBe(1);
    expect(window.history()).toBeNull();
    window.push(1, 5000, 1.43); // the joiner first this time: the row waits for EURUSD
    expect(window.rows).toBe(1);
    window.push(0, 5000, 1.4641);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    expect(history?.length).toBe(1);
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
    expect(history?.returns[1]).toBeCloseTo(0.1, 12);
  });

  it('lets the others align once a feed has ended, keeping the rows they share, and drops that symbol from the history', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 2.0);
    window.push(0, 2000, 1.1);
    window.push(1, 2000, 2.4);
    window.push(0, 3000, 1.21); // GBPUSD is silent: an ordinary gap so far, no row
    expect(window.rows).toBe(2);
    window.retire(1); // its feed has ended: the 3000 row EURUSD completed forms now
    expect(window.isLive(1)).toBe(false);
    expect(window.rows).toBe(3);
    window.push(0, 4000, 1.331);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD']);
    expect(Array.from(history?.returns ?? []).map((r) => r.toFixed(12))).toEqual(['0.100000000000', '0.100000000000', '0.100000000000']);
  });

  it('drops the rows formed without a symbol when its feed resumes, as ordinary gaps: every return spans them', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 2.0);
    window.retire(1);
    window.push(0, 2000, 1.1);
    window.push(0, 3000, 1.2);
    expect(window.rows).toBe(3);
    window.push(0, 4000, 1.5);
    window.push(1, 4000, 3.0); // back: the 2000, 3000 and 4000 rows had no GBPUSD close
    const history = window.history();
    expect(window.rows).toBe(2);
    expect(history?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    // One return each, both from 1000 to 4000.
    expect(history?.length).toBe(1);
    expect(history?.returns[0]).toBeCloseTo(0.5, 12);
    expect(history?.returns[1]).toBeCloseTo(0.5, 12);
  });

  it('keeps the first close of a time once its row is kept, and the latest while the row waits', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 1.0);
    window.push(0, 2000, 9.9);
    window.push(0, 2000, 1.1); // the row waits for GBPUSD: this close replaces the one before
    window.push(1, 2000, 1.2);
    window.push(1, 2000, 9.9); // the row is kept: a repeat changes nothing
    const history = window.history();
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
    expect(history?.returns[1]).toBeCloseTo(0.2, 12);
  });

  it('on the six 2025 H1 pairs with bars taken out (ordinary gaps), keeps exactly the closes every series has at the same time', () => {
    // Every 37th GBPUSD bar and every 53rd USDCAD bar are missing while the others trade: those rows are dropped, as
    // always; no feed starts late or ends, so nothing else may differ from the plain rule.
    const series = FX_2025_SYMBOLS.map((symbol) => {
      const bars = readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1');
      const every = symbol === 'GBPUSD' ? 37 : symbol === 'USDCAD' ? 53 : 0;
      const kept = new Map<number, number>();
      for (let i = 0; i < bars.length; i++) if (every === 0 || i % every !== 5) kept.set(bars.time[i] + HOUR, bars.close[i]);
      return kept;
    });
    const window = new AlignedClosesWindow(FX_2025_SYMBOLS, 501);
    const times = [...new Set(series.flatMap((closes) => [...closes.keys()]))].sort((a, b) => a - b);
    for (const time of times) series.forEach((closes, slot) => (closes.has(time) ? window.push(slot, time, closes.get(time) as number) : undefined));
    // The plain rule, computed apart: the last 501 times present in every series.
    const complete = times.filter((time) => series.every((closes) => closes.has(time)));
    const shared = complete.slice(-501);
    // 98 GBPUSD and 68 USDCAD holes (two at the same time, one in the tail) and the 14 hours USDCHF's file ends before the others.
    expect(times.length - complete.length).toBe(177);
    const expected = ReturnHistory.fromCloses(Object.fromEntries(FX_2025_SYMBOLS.map((symbol, slot) => [symbol, shared.map((time) => series[slot].get(time) as number)])));
    const actual = window.history();
    expect(actual?.symbols).toEqual(expected.symbols);
    expect(actual?.length).toBe(500);
    expect(Array.from(actual?.returns ?? [])).toEqual(Array.from(expected.returns));
  });

  it('on the six 2025 H1 pairs as vendored, equals the shared aligned return history the rule tests use', () => {
    const window = new AlignedClosesWindow(FX_2025_SYMBOLS, 501);
    const bars = FX_2025_SYMBOLS.map((symbol) => readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'));
    const merged = bars.flatMap((series, slot) => Array.from(series.time, (time, i) => ({ time: time + HOUR, slot, close: series.close[i] })));
    merged.sort((a, b) => a.time - b.time || a.slot - b.slot);
    for (const bar of merged) window.push(bar.slot, bar.time, bar.close);
    expect(Array.from(window.history()?.returns ?? [])).toEqual(Array.from(fxReturnHistory(500).history.returns));
  });

  it('retires a feed once: retiring it again leaves the others aligning', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 2.0);
    window.retire(1);
    window.retire(1);
    window.push(0, 2000, 1.1);
    expect(window.rows).toBe(2);
    expect(window.history()?.symbols).toEqual(['EURUSD']);
  });

  it('retiring a feed that already closed at the pending time still waits for the others of that time', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD', 'USDCHF'], 10);
    for (const slot of [0, 1, 2]) window.push(slot, 1000, 1.0);
    window.push(0, 2000, 1.1);
    window.push(1, 2000, 1.2);
    window.retire(1);
    // USDCHF has not closed at 2000 yet: no row until it does.
    expect(window.rows).toBe(1);
    window.push(2, 2000, 1.3);
    expect(window.rows).toBe(2);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD', 'USDCHF']);
    expect(Array.from(history?.returns ?? []).map((r) => r.toFixed(12))).toEqual(['0.100000000000', '0.300000000000']);
  });

  it('drops a feed from the history as soon as it ends, with no new row to rebuild it', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 2.0);
    window.push(0, 2000, 1.1);
    window.push(1, 2000, 2.4);
    expect(window.history()?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    window.retire(1); // the 2000 row is already kept: nothing new forms
    expect(window.rows).toBe(2);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD']);
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
  });

  it('takes a feed back into the history at its first bar after it ended, when no row formed without it', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 2.0);
    window.push(0, 2000, 1.1);
    window.push(1, 2000, 2.4);
    window.retire(1);
    expect(window.history()?.symbols).toEqual(['EURUSD']);
    // GBPUSD is back first at 3000: both kept rows hold its closes, so none goes and it is live again at once.
    window.push(1, 3000, 2.4);
    expect(window.rows).toBe(2);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
    expect(history?.returns[1]).toBeCloseTo(0.2, 12);
    window.push(0, 3000, 1.21);
    expect(window.rows).toBe(3);
  });

  it('has no history once every feed has ended, keeps the rows, and forms none without a live symbol', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(1, 1000, 2.0);
    window.push(0, 2000, 1.1);
    window.push(1, 2000, 2.4);
    window.push(0, 3000, 1.21); // waits for GBPUSD
    window.retire(0);
    window.retire(1); // nobody is left to close at 3000: no row forms
    expect(window.rows).toBe(2);
    expect(window.history()).toBeNull();
    // EURUSD resumes: no row formed in its absence, so the kept rows hold its closes and stay.
    window.push(0, 4000, 1.331);
    expect(window.rows).toBe(3);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD']);
    expect(Array.from(history?.returns ?? []).map((r) => r.toFixed(12))).toEqual(['0.100000000000', '0.210000000000']);
  });

  it('on a first bar after the others, drops every row at once: no history until rows form with it', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.0);
    window.push(0, 2000, 1.1);
    window.push(0, 3000, 1.21);
    expect(window.history()?.length).toBe(2);
    window.push(1, 4000, 1.3); // GBPUSD first at 4000: the row waits for EURUSD
    expect(window.rows).toBe(0);
    expect(window.history()).toBeNull();
  });

  it('drops every row of a full ring the joiner has no close in, and counts rows from none again', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 2);
    window.push(0, 1000, 1.0);
    window.push(0, 2000, 1.1);
    window.push(0, 3000, 1.21); // the ring of two is full and has wrapped
    window.push(1, 4000, 2.0);
    expect(window.rows).toBe(0);
    window.push(0, 4000, 1.331);
    expect(window.rows).toBe(1);
    window.push(0, 5000, 1.4641);
    window.push(1, 5000, 2.2);
    expect(window.rows).toBe(2);
    const history = window.history();
    expect(history?.length).toBe(1);
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
    expect(history?.returns[1]).toBeCloseTo(0.1, 12);
  });

  it('refuses a capacity that holds no return', () => {
    expect(() => new AlignedClosesWindow(['EURUSD'], 1)).toThrow('the close window needs a whole capacity >= 2, got 1');
    expect(() => new AlignedClosesWindow(['EURUSD'], 2.5)).toThrow('the close window needs a whole capacity >= 2, got 2.5');
    expect(new AlignedClosesWindow(['EURUSD'], 2).capacity).toBe(2);
  });

  it('refuses to align no symbol at all', () => {
    expect(() => new AlignedClosesWindow([], 10)).toThrow('the close window needs at least one symbol');
  });
});
