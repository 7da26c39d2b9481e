import type { SignalGenerated } from '@trading/contracts';
import { ExactDecimal, Money, Quantity, instrumentFor } from '@trading/domain';
import { DeskBook } from './desk-book';
import { FixedFractionalPolicy, FixedSizePolicy, type SizingRequest } from './sizing.policy';

const signal = (stopLoss?: number): SignalGenerated => ({
  strategy: 'test',
  symbol: 'EURUSD',
  timeframe: 'M5',
  barTime: 0,
  side: 'buy',
  strength: 1,
  confidence: 1,
  referencePrice: 1.1,
  stopLoss,
  reason: 'test',
});

const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD')] });

const request = (stopLoss?: number, equity = 10_000): SizingRequest => ({
  signal: signal(stopLoss),
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
});

describe('sizing policies', () => {
  it('fixed size trades the same lots, floored to the lot step', () => {
    expect(new FixedSizePolicy('0.257').size(request()).quantity.toString()).toBe('0.25');
  });

  it('fixed fractional risks the fraction of equity between entry and stop', () => {
    // 1% of 10,000 = 100 USD over 20 pips: 100 / (0.002 x 100,000) = 0.5 lots.
    const decision = new FixedFractionalPolicy(0.01).size(request(1.098));
    expect(decision.quantity.toString()).toBe('0.5');
    expect(decision.reason).toContain('risking 1% of 10000 USD');
  });

  it('fixed fractional refuses a signal without a stop, saying why', () => {
    const decision = new FixedFractionalPolicy(0.01).size(request());
    expect(decision.quantity.isZero()).toBe(true);
    expect(decision.reason).toBe('fixed-fractional sizing needs a stop-loss; the signal has none');
  });

  it('fixed fractional refuses a size under the minimum lot', () => {
    // 0.1% of 100 USD = 0.1 USD over 20 pips: 0.0005 lots.
    expect(new FixedFractionalPolicy(0.001).size(request(1.098, 100)).reason).toContain('below the minimum of 0.01');
  });

  it('rejects a risk fraction outside (0, 0.2]', () => {
    expect(() => new FixedFractionalPolicy(0.5)).toThrow('risk fraction must be in (0, 0.2], got 0.5');
  });
});
