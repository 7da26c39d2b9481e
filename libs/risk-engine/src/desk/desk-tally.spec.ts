// The per-strategy tally the summaries print: counts start at zero, and the
// summary is a sorted copy.
import { DeskTally } from './desk-tally';

describe('desk tally', () => {
  it('starts a strategy at zero and counts rejections per code', () => {
    const tally = new DeskTally();
    expect(tally.of('trend')).toEqual({ signals: 0, skipped: 0, approved: 0, rejected: {}, capped: 0, orders: 0, fills: 0 });
    tally.reject('trend', 'MARGIN');
    tally.reject('trend', 'MARGIN');
    tally.reject('trend', 'PORTFOLIO_VAR');
    expect(tally.of('trend').rejected).toEqual({ MARGIN: 2, PORTFOLIO_VAR: 1 });
    expect(tally.of('trend')).toBe(tally.of('trend'));
  });

  it('summarises strategies and reason codes in sorted order, as a copy', () => {
    const tally = new DeskTally();
    tally.of('zeta').signals = 3;
    tally.reject('alpha', 'ZERO');
    tally.reject('alpha', 'ALPHA');
    const summary = tally.summary();
    expect(Object.keys(summary)).toEqual(['alpha', 'zeta']);
    expect(Object.keys(summary['alpha'].rejected)).toEqual(['ALPHA', 'ZERO']);
    expect(summary['zeta']).toEqual({ signals: 3, skipped: 0, approved: 0, rejected: {}, capped: 0, orders: 0, fills: 0 });
    tally.of('zeta').signals++;
    tally.reject('alpha', 'ALPHA');
    expect(summary['zeta'].signals).toBe(3);
    expect(summary['alpha'].rejected).toEqual({ ALPHA: 1, ZERO: 1 });
  });
});
