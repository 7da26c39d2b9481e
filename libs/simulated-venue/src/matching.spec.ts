// The fill rules as price arithmetic, one bar at a time, on round prices that
// make each case readable: bid open 100, high 104, low 96 (ask = bid + 1).
// Each answer is read whole (price, slippage, how, anchor or stop after the
// bar), including what a call that fills nothing leaves in the reused object.
import { Quantity } from '@trading/domain';
import { bracketExit, matchOrder, type VenueBar } from './matching';
import type { OrderRequest } from './order';
import { workingOrder } from './venue-orders';

const BAR: VenueBar = { time: 0, open: 100, high: 104, low: 96, close: 101, spread: 10 };
const SPREAD = 1;
const EXACT = 0;

function order(fields: Partial<OrderRequest>, anchor = Number.NaN) {
  const working = workingOrder({ strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'r', id: 'o', ...fields }, 0);
  working.anchor = anchor;
  return working;
}

const match = (fields: Partial<OrderRequest>, anchor = Number.NaN, bar = BAR, tolerance = EXACT) => ({ ...matchOrder(order(fields, anchor), bar, SPREAD, tolerance) });
const none = (anchor = Number.NaN) => ({ price: Number.NaN, slips: false, how: '', anchor });

describe('matchOrder', () => {
  it('fills market orders at the open of their side, with slippage', () => {
    expect(match({ side: 'buy' })).toEqual({ price: 101, slips: true, how: 'at the open', anchor: Number.NaN });
    expect(match({ side: 'sell' })).toEqual({ price: 100, slips: true, how: 'at the open', anchor: Number.NaN });
  });

  it.each([
    // Buy limits on the ask (open 101, low 97), sell limits on the bid (open 100, high 104).
    ['buy', 101, { price: 101, slips: false, how: 'at the open, through the limit' }],
    ['buy', 102, { price: 101, slips: false, how: 'at the open, through the limit' }],
    ['buy', 100.5, { price: 100.5, slips: false, how: 'at the limit' }],
    ['buy', 97, { price: 97, slips: false, how: 'at the limit' }],
    ['buy', 96.5, none()],
    ['sell', 100, { price: 100, slips: false, how: 'at the open, through the limit' }],
    ['sell', 99, { price: 100, slips: false, how: 'at the open, through the limit' }],
    ['sell', 100.5, { price: 100.5, slips: false, how: 'at the limit' }],
    ['sell', 104, { price: 104, slips: false, how: 'at the limit' }],
    ['sell', 104.5, none()],
  ] as const)('a %s limit at %d', (side, price, expected) => {
    expect(match({ side, type: 'limit', price })).toEqual({ anchor: Number.NaN, ...expected });
  });

  it.each([
    // Buy stops on the ask (open 101, high 105), sell stops on the bid (open 100, low 96).
    ['buy', 101, { price: 101, slips: true, how: 'at the open, gapped through the stop' }],
    ['buy', 100, { price: 101, slips: true, how: 'at the open, gapped through the stop' }],
    ['buy', 101.5, { price: 101.5, slips: true, how: 'at the stop' }],
    ['buy', 105, { price: 105, slips: true, how: 'at the stop' }],
    ['buy', 105.5, none()],
    ['sell', 100, { price: 100, slips: true, how: 'at the open, gapped through the stop' }],
    ['sell', 101, { price: 100, slips: true, how: 'at the open, gapped through the stop' }],
    ['sell', 99.5, { price: 99.5, slips: true, how: 'at the stop' }],
    ['sell', 96, { price: 96, slips: true, how: 'at the stop' }],
    ['sell', 95.5, none()],
  ] as const)('a %s stop at %d', (side, price, expected) => {
    expect(match({ side, type: 'stop', price })).toEqual({ anchor: Number.NaN, ...expected });
  });

  it('takes prices within the tolerance as equal, and no further', () => {
    // The ask low 97 is 0.5 over a buy limit at 96.5: equal under a tolerance of 0.5, not of 0.25.
    expect(match({ side: 'buy', type: 'limit', price: 96.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 96.5, how: 'at the limit' });
    expect(match({ side: 'buy', type: 'limit', price: 96.5 }, Number.NaN, BAR, 0.25)).toEqual(none());
    // The ask open 101 is 0.5 over a buy limit at 100.5.
    expect(match({ side: 'buy', type: 'limit', price: 100.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 101, how: 'at the open, through the limit' });
    // The bid high 104 is 0.5 under a sell limit at 104.5; the bid open 100 is 0.5 under one at 100.5.
    expect(match({ side: 'sell', type: 'limit', price: 104.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 104.5, how: 'at the limit' });
    expect(match({ side: 'sell', type: 'limit', price: 104.5 }, Number.NaN, BAR, 0.25)).toEqual(none());
    expect(match({ side: 'sell', type: 'limit', price: 100.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 100, how: 'at the open, through the limit' });
    // Stops: the ask high 105 is 0.5 under a buy stop at 105.5, the ask open 101 0.5 under one at 101.5.
    expect(match({ side: 'buy', type: 'stop', price: 105.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 105.5, how: 'at the stop' });
    expect(match({ side: 'buy', type: 'stop', price: 105.5 }, Number.NaN, BAR, 0.25)).toEqual(none());
    expect(match({ side: 'buy', type: 'stop', price: 101.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 101, how: 'at the open, gapped through the stop' });
    // The bid low 96 is 0.5 over a sell stop at 95.5, the bid open 100 0.5 over one at 99.5.
    expect(match({ side: 'sell', type: 'stop', price: 95.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 95.5, how: 'at the stop' });
    expect(match({ side: 'sell', type: 'stop', price: 95.5 }, Number.NaN, BAR, 0.25)).toEqual(none());
    expect(match({ side: 'sell', type: 'stop', price: 99.5 }, Number.NaN, BAR, 0.5)).toMatchObject({ price: 100, how: 'at the open, gapped through the stop' });
  });

  describe('trailing stops', () => {
    it('a sell trails its anchor by the distance: gapped at the open, reached by the low, or ratcheted to the high after the bar', () => {
      // Anchor 103, distance 3: level 100 = the bid open.
      expect(match({ side: 'sell', type: 'trailing-stop', trailDistance: 3 }, 103)).toEqual({ price: 100, slips: true, how: 'at the open, gapped through the stop', anchor: 103 });
      // Anchor 103, distance 5: level 98, inside the bid range 96-104.
      expect(match({ side: 'sell', type: 'trailing-stop', trailDistance: 5 }, 103)).toEqual({ price: 98, slips: true, how: 'at the stop', anchor: 103 });
      // Anchor 103, distance 8: level 95 under the low; the anchor moves up to the bid high 104.
      expect(match({ side: 'sell', type: 'trailing-stop', trailDistance: 8 }, 103)).toEqual(none(104));
      // Anchor 106 above the bar, distance 11: level 95; the anchor stays at 106.
      expect(match({ side: 'sell', type: 'trailing-stop', trailDistance: 11 }, 106)).toEqual(none(106));
    });

    it('a buy trails its anchor on the ask: gapped at the open, reached by the high, or ratcheted to the ask low after the bar', () => {
      // Anchor 98, distance 3: level 101 = the ask open.
      expect(match({ side: 'buy', type: 'trailing-stop', trailDistance: 3 }, 98)).toEqual({ price: 101, slips: true, how: 'at the open, gapped through the stop', anchor: 98 });
      // Anchor 98, distance 5: level 103, inside the ask range 97-105.
      expect(match({ side: 'buy', type: 'trailing-stop', trailDistance: 5 }, 98)).toEqual({ price: 103, slips: true, how: 'at the stop', anchor: 98 });
      // Anchor 98, distance 8: level 106 over the ask high; the anchor moves down to the ask low 97.
      expect(match({ side: 'buy', type: 'trailing-stop', trailDistance: 8 }, 98)).toEqual(none(97));
      // Anchor 95 under the bar, distance 11: level 106; the anchor stays at 95.
      expect(match({ side: 'buy', type: 'trailing-stop', trailDistance: 11 }, 95)).toEqual(none(95));
    });

    it('a plain stop keeps its anchor after a bar that does not fill it', () => {
      expect(match({ side: 'sell', type: 'stop', price: 90 }, 103)).toEqual(none(103));
    });
  });

  it('answers an order the bar does not fill afresh, whatever the call before filled', () => {
    match({ side: 'buy', type: 'stop', price: 101.5 });
    expect(match({ side: 'buy', type: 'limit', price: 90 }, 7)).toEqual(none(7));
  });
});

/** Brackets checked on BAR for a long (side 1, bid prices) or a short (side -1, ask = bid + 1). */
const exit = (side: number, stopLoss: number, takeProfit: number, trailing = Number.NaN, tolerance = EXACT) => ({ ...bracketExit(side, stopLoss, takeProfit, trailing, BAR, SPREAD, tolerance) });
const stays = (stopLoss: number) => ({ price: Number.NaN, slips: false, reason: '', stopLoss });
const NONE = Number.NaN;

describe('bracketExit', () => {
  it.each([
    // A long exits on the bid: open 100, high 104, low 96.
    ['stop gapped', 100, NONE, { price: 100, slips: true, reason: 'stop-loss, gapped: filled at the open' }],
    ['stop gapped, target in range', 101, 103, { price: 100, slips: true, reason: 'stop-loss, gapped: filled at the open' }],
    ['target gapped', NONE, 100, { price: 100, slips: false, reason: 'take-profit, gapped: filled at the open' }],
    ['target gapped, stop in range', 97, 99, { price: 100, slips: false, reason: 'take-profit, gapped: filled at the open' }],
    ['stop at the low', 96, NONE, { price: 96, slips: true, reason: 'stop-loss' }],
    ['stop and target both in range', 97, 103, { price: 97, slips: true, reason: 'stop-loss' }],
    ['target at the high', NONE, 104, { price: 104, slips: false, reason: 'take-profit' }],
    ['stop under the low, target in range', 95, 103, { price: 103, slips: false, reason: 'take-profit' }],
    ['stop under the low, target over the high', 95, 105, { price: NONE, slips: false, reason: '' }],
  ] as const)('long, %s (stop %d, target %d)', (_what, stopLoss, takeProfit, expected) => {
    expect(exit(1, stopLoss, takeProfit)).toEqual({ stopLoss, ...expected });
  });

  it.each([
    // A short exits on the ask: open 101, high 105, low 97.
    ['stop gapped', 101, NONE, { price: 101, slips: true, reason: 'stop-loss, gapped: filled at the open' }],
    ['stop gapped, target in range', 100, 98, { price: 101, slips: true, reason: 'stop-loss, gapped: filled at the open' }],
    ['target gapped', NONE, 101, { price: 101, slips: false, reason: 'take-profit, gapped: filled at the open' }],
    ['target gapped, stop in range', 104, 102, { price: 101, slips: false, reason: 'take-profit, gapped: filled at the open' }],
    ['stop at the ask high', 105, NONE, { price: 105, slips: true, reason: 'stop-loss' }],
    ['stop and target both in range', 104, 98, { price: 104, slips: true, reason: 'stop-loss' }],
    ['target at the ask low', NONE, 97, { price: 97, slips: false, reason: 'take-profit' }],
    ['stop over the ask high, target in range', 106, 98, { price: 98, slips: false, reason: 'take-profit' }],
    ['stop over the ask high, target under the ask low', 106, 96, { price: NONE, slips: false, reason: '' }],
  ] as const)('short, %s (stop %d, target %d)', (_what, stopLoss, takeProfit, expected) => {
    expect(exit(-1, stopLoss, takeProfit)).toEqual({ stopLoss, ...expected });
  });

  it('takes prices within the tolerance as equal, and no further', () => {
    // Long: the bid low 96 is 0.5 over a stop at 95.5, the bid high 104 0.5 under a target at 104.5.
    expect(exit(1, 95.5, NONE, NONE, 0.5)).toMatchObject({ price: 95.5, reason: 'stop-loss' });
    expect(exit(1, 95.5, NONE, NONE, 0.25)).toEqual(stays(95.5));
    expect(exit(1, NONE, 104.5, NONE, 0.5)).toMatchObject({ price: 104.5, reason: 'take-profit' });
    expect(exit(1, NONE, 104.5, NONE, 0.25)).toEqual(stays(NONE));
    // The bid open 100 is 0.5 over a stop at 99.5 and 0.5 under a target at 100.5.
    expect(exit(1, 99.5, NONE, NONE, 0.5)).toMatchObject({ price: 100, reason: 'stop-loss, gapped: filled at the open' });
    expect(exit(1, NONE, 100.5, NONE, 0.5)).toMatchObject({ price: 100, reason: 'take-profit, gapped: filled at the open' });
    // Short: the ask high 105 is 0.5 under a stop at 105.5, the ask low 97 0.5 over a target at 96.5.
    expect(exit(-1, 105.5, NONE, NONE, 0.5)).toMatchObject({ price: 105.5, reason: 'stop-loss' });
    expect(exit(-1, 105.5, NONE, NONE, 0.25)).toEqual(stays(105.5));
    expect(exit(-1, NONE, 96.5, NONE, 0.5)).toMatchObject({ price: 96.5, reason: 'take-profit' });
    expect(exit(-1, NONE, 96.5, NONE, 0.25)).toEqual(stays(NONE));
    // The ask open 101 is 0.5 under a stop at 101.5 and 0.5 over a target at 100.5.
    expect(exit(-1, 101.5, NONE, NONE, 0.5)).toMatchObject({ price: 101, reason: 'stop-loss, gapped: filled at the open' });
    expect(exit(-1, NONE, 100.5, NONE, 0.5)).toMatchObject({ price: 101, reason: 'take-profit, gapped: filled at the open' });
  });

  it('ratchets a long trailing stop to the bid high less the distance, only upwards, after the check', () => {
    // High 104 - 5 = 99: no stop yet, so the stop becomes 99 (the bar's low 96 came before it counted).
    expect(exit(1, NONE, NONE, 5)).toEqual(stays(99));
    // A stop at 95 (under the low) moves up to 99; at distance 10 the level 94 is under it and it stays.
    expect(exit(1, 95, NONE, 5)).toEqual(stays(99));
    expect(exit(1, 95, NONE, 10)).toEqual(stays(95));
  });

  it('ratchets a short trailing stop to the ask low plus the distance, only downwards, after the check', () => {
    // Ask low 97 + 5 = 102.
    expect(exit(-1, NONE, NONE, 5)).toEqual(stays(102));
    // A stop at 106 (over the ask high) moves down to 102; at distance 10 the level 107 is over it and it stays.
    expect(exit(-1, 106, NONE, 5)).toEqual(stays(102));
    expect(exit(-1, 106, NONE, 10)).toEqual(stays(106));
  });

  it('answers a bar that triggers nothing afresh, whatever the call before triggered', () => {
    exit(1, 97, 103);
    expect(exit(1, 90, 110)).toEqual(stays(90));
  });
});
