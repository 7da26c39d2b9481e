// The desk's sizing policies at the edges of a deal: exactly the smallest and
// the largest lots an instrument deals (taken as they are), one step past
// (refused, or cut to the largest with its own code), the risk fraction's own
// bounds, and a stop one point from the entry. EURUSD at 1.1 on a USD account:
// one lot over 20 pips is 200 USD.
import type { SignalGenerated } from '@trading/contracts';
import { ExactDecimal, instrumentFor, Money, Quantity } from '@trading/domain';
import { DeskBook } from './desk-book';
import { FixedFractionalPolicy, FixedSizePolicy, type SizingRequest } from './sizing.policy';

const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD')] });

function request(stopLoss: number | undefined, equity: number | string = 10_000): SizingRequest {
  const signal: SignalGenerated = { strategy: 'test', symbol: 'EURUSD', timeframe: 'M5', barTime: 0, side: 'buy', strength: 1, confidence: 1, referencePrice: 1.1, stopLoss, reason: 'test' };
  return {
    signal,
    signalId: 'signal-1',
    decisionId: 'decision-1',
    clientOrderId: 'order-1',
    instrument: instrumentFor('EURUSD'),
    equity: Money.of(equity, 'USD'),
    entryPrice: 1.1,
    quoteToAccount: new ExactDecimal(1),
    time: 0,
    book,
    closing: Quantity.of(0),
  };
}

/** `build` throws a RangeError whose message is exactly `message`. */
function expectRangeError(build: () => unknown, message: string): void {
  expect(build).toThrow(RangeError);
  expect(build).toThrow(new RangeError(message));
}

const decided = (decision: ReturnType<FixedSizePolicy['size']>) => ({ lots: decision.quantity.toString(), reason: decision.reason, code: decision.code });

describe('fixed size at its boundaries (EURUSD deals 0.01 to 100 lots)', () => {
  it.each([
    { lots: '0.01', expected: { lots: '0.01', reason: 'fixed size 0.01 lots', code: undefined } },
    { lots: '0.009', expected: { lots: '0', reason: 'fixed size 0.009 lots is below the minimum of 0.01', code: 'SIZE_BELOW_MINIMUM' } },
    { lots: '100', expected: { lots: '100', reason: 'fixed size 100 lots', code: undefined } },
    { lots: '100.01', expected: { lots: '100', reason: 'fixed size 100.01 lots capped at the maximum of 100', code: 'CAPPED_AT_MAX_LOTS' } },
  ])('$lots lots', ({ lots, expected }) => {
    expect(decided(new FixedSizePolicy(lots).size(request(undefined)))).toEqual(expected);
  });

  it('refuses to be built with no size', () => {
    expectRangeError(() => new FixedSizePolicy('0'), 'fixed size must be > 0 lots, got 0');
  });

  it('describes itself by name and the lots it was given, before flooring', () => {
    expect(new FixedSizePolicy('0.257').describe()).toEqual({ policy: 'fixed-size', lots: '0.257' });
  });
});

describe('fixed fractional at its boundaries', () => {
  it('accepts a fraction of exactly 0.2 and refuses a hair more, or 0', () => {
    expect(new FixedFractionalPolicy(0.2).describe()).toEqual({ policy: 'fixed-fractional', fraction: 0.2 });
    expectRangeError(() => new FixedFractionalPolicy(0.2000001), 'risk fraction must be in (0, 0.2], got 0.2000001');
    expectRangeError(() => new FixedFractionalPolicy(0), 'risk fraction must be in (0, 0.2], got 0');
  });

  it('refuses a signal without a stop, and an equity of zero or below, each with its code', () => {
    expect(decided(new FixedFractionalPolicy(0.01).size(request(undefined)))).toEqual({ lots: '0', reason: 'fixed-fractional sizing needs a stop-loss; the signal has none', code: 'NO_STOP' });
    expect(decided(new FixedFractionalPolicy(0.01).size(request(1.098, 0)))).toEqual({ lots: '0', reason: 'equity 0 leaves nothing to risk', code: 'NO_EQUITY' });
    expect(decided(new FixedFractionalPolicy(0.01).size(request(1.098, '-0.01')))).toEqual({ lots: '0', reason: 'equity -0.01 leaves nothing to risk', code: 'NO_EQUITY' });
  });

  it('1 % of 200 USD over 20 pips is exactly the 0.01 lot minimum; of 199.99 USD it is under it', () => {
    expect(decided(new FixedFractionalPolicy(0.01).size(request(1.098, 200)))).toEqual({ lots: '0.01', reason: 'risking 1% of 200 USD over 0.002: 0.01 lots', code: undefined });
    expect(decided(new FixedFractionalPolicy(0.01).size(request(1.098, '199.99')))).toEqual({
      lots: '0',
      reason: 'risking 1% of 199.99 USD over 0.002: 0 lots is below the minimum of 0.01',
      code: 'SIZE_BELOW_MINIMUM',
    });
  });

  it('20 % of 100,000 USD over 20 pips is exactly the 100 lot maximum; of 100,100 USD (100.1 lots) it is cut to it', () => {
    expect(decided(new FixedFractionalPolicy(0.2).size(request(1.098, 100_000)))).toEqual({ lots: '100', reason: 'risking 20% of 100000 USD over 0.002: 100 lots', code: undefined });
    expect(decided(new FixedFractionalPolicy(0.2).size(request(1.098, 100_100)))).toEqual({
      lots: '100',
      reason: 'risking 20% of 100100 USD over 0.002: capped at the maximum of 100 lots',
      code: 'CAPPED_AT_MAX_LOTS',
    });
  });

  it('a stop at the entry is refused; one point from it, 1 % of 10,000 USD buys 100 / (0.00001 x 100,000) = 100 lots', () => {
    expect(decided(new FixedFractionalPolicy(0.01).size(request(1.1)))).toEqual({ lots: '0', reason: 'stop-loss 1.1 is at the entry price', code: 'INVALID_STOP' });
    expect(decided(new FixedFractionalPolicy(0.01).size(request(1.09999)))).toEqual({ lots: '100', reason: 'risking 1% of 10000 USD over 0.00001: 100 lots', code: undefined });
  });
});
