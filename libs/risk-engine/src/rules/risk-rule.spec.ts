// The verdict builders every rule answers with: a verdict carries a measure
// key only when the rule measured something (the decision log keeps verdicts
// as they are, so an empty `measure` would be written out), and the fixed
// sentence a rule gives an order that only reduces a position.
import { Quantity } from '@trading/domain';
import { deny, downsize, measured, pass, ratio, REDUCES_EXPOSURE } from './risk-rule';

describe('rule verdicts', () => {
  const measure = { value: 1.5, limit: 2, unit: 'pips' };

  it('a pass carries its measure, and no measure key without one', () => {
    expect(pass('RULE', 'fine')).toStrictEqual({ code: 'RULE', pass: true, detail: 'fine' });
    expect(pass('RULE', 'fine', measure)).toStrictEqual({ code: 'RULE', pass: true, detail: 'fine', measure });
  });

  it('a deny carries its reason, message and measure, and no measure key without one', () => {
    expect(deny('RULE', 'WHY', 'because')).toStrictEqual({ code: 'RULE', pass: false, reason: 'WHY', message: 'because' });
    expect(deny('RULE', 'WHY', 'because', measure)).toStrictEqual({ code: 'RULE', pass: false, reason: 'WHY', message: 'because', measure });
  });

  it('a downsize passes with the size to shrink to, and no measure key without one', () => {
    const to = Quantity.of('0.5');
    expect(downsize('RULE', 'smaller', to)).toStrictEqual({ code: 'RULE', pass: true, detail: 'smaller', downsizeTo: to });
    expect(downsize('RULE', 'smaller', to, measure)).toStrictEqual({ code: 'RULE', pass: true, detail: 'smaller', downsizeTo: to, measure });
  });

  it('rounds a measure to 10 significant digits and formats a ratio with 4', () => {
    expect(measured(0.1 + 0.2, 1 / 3, 'leverage')).toEqual({ value: 0.3, limit: 0.3333333333, unit: 'leverage' });
    expect(measured(Number.NaN, Number.POSITIVE_INFINITY, 'x')).toEqual({ value: Number.NaN, limit: Number.POSITIVE_INFINITY, unit: 'x' });
    expect([ratio(2 / 3), ratio(Number.NaN), ratio(Number.NEGATIVE_INFINITY)]).toEqual(['0.6667', 'NaN', '-Infinity']);
  });

  it('says in words that an order only reduces a position', () => {
    expect(REDUCES_EXPOSURE).toBe('order only reduces an existing position');
  });
});
