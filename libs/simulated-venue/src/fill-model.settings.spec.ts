// A setting written as text reads back as the same value: how `trading run
// --processes` hands the fill model and the cash to a service alone.
import { DEFAULT_FILL_MODEL } from './fill-model';
import { cashSetting, commissionSetting, fillTimingSetting, type SettingReader, slippageSetting, spreadSetting, swapSetting } from './fill-model.settings';

function roundTrip<T>(reader: SettingReader<T>, value: T): { text: string; back: T | undefined } {
  const text = reader.write(value);
  return { text, back: reader.read(text) };
}

describe('fill model settings written as text', () => {
  it('write the words the flags and the environment read', () => {
    expect(fillTimingSetting.write('next-open')).toBe('next-open');
    expect(spreadSetting.write({ source: 'bar' })).toBe('bar');
    expect(spreadSetting.write({ source: 'fixed', pips: 0.8 })).toBe('0.8');
    expect(slippageSetting.write({ kind: 'none' })).toBe('none');
    expect(slippageSetting.write({ kind: 'fixed-pips', pips: 0.2 })).toBe('0.2');
    expect(slippageSetting.write({ kind: 'atr-fraction', fraction: 0.05, period: 14 })).toBe('atr:0.05:14');
    expect(commissionSetting.write({ kind: 'per-lot', amount: 3.5 })).toBe('per-lot:3.5');
    expect(commissionSetting.write({ kind: 'bps', bps: 0.7 })).toBe('bps:0.7');
    expect(swapSetting.write({ longPerLot: -6.5, shortPerLot: 1.2 })).toBe('-6.5:1.2');
    expect(cashSetting.write('25000.5')).toBe('25000.5');
  });

  it('read back as the same values, to the last bit of every number', () => {
    // 0.1 + 0.2 and 1e-7 have no short decimal form; -0 is not 0 to a deep equality.
    const cases: [SettingReader<never>, unknown][] = [
      [spreadSetting as SettingReader<never>, { source: 'fixed', pips: 0.1 + 0.2 }],
      [spreadSetting as SettingReader<never>, { source: 'fixed', pips: 1e-7 }],
      [slippageSetting as SettingReader<never>, { kind: 'atr-fraction', fraction: 1 / 3, period: 10 }],
      [slippageSetting as SettingReader<never>, { kind: 'fixed-pips', pips: 2.5e21 }],
      [commissionSetting as SettingReader<never>, { kind: 'bps', bps: 0 }],
      [swapSetting as SettingReader<never>, { longPerLot: -0, shortPerLot: 1e-9 }],
    ];
    for (const [reader, value] of cases) {
      const { text, back } = roundTrip(reader, value as never);
      // toEqual compares numbers with Object.is: -0 must come back as -0.
      expect({ text, back }).toEqual({ text, back: value });
    }
    expect(roundTrip(swapSetting, { longPerLot: -0, shortPerLot: 0 }).text).toBe('-0:0');
  });

  it('write the default fill model as the flags a user would give for it, and read it back the same', () => {
    // `trading run --processes` writes the default model for each service: a
    // default spread that is not the bar's would hand them a different venue.
    const written = [
      fillTimingSetting.write(DEFAULT_FILL_MODEL.timing),
      spreadSetting.write(DEFAULT_FILL_MODEL.spread),
      slippageSetting.write(DEFAULT_FILL_MODEL.slippage),
      commissionSetting.write(DEFAULT_FILL_MODEL.commission),
    ];
    expect(written).toEqual(['next-open', 'bar', 'none', 'none']);
    expect(spreadSetting.read(written[1])).toEqual(DEFAULT_FILL_MODEL.spread);
  });
});

describe('fill model settings read from text', () => {
  it('read the timing words and nothing else', () => {
    expect([fillTimingSetting.read('next-open'), fillTimingSetting.read('close'), fillTimingSetting.read('open'), fillTimingSetting.read('')]).toEqual(['next-open', 'close', undefined, undefined]);
    expect(fillTimingSetting.write('close')).toBe('close');
    expect(fillTimingSetting.expected).toBe('next-open or close');
  });

  it('read a spread as the word bar or a number of pips >= 0', () => {
    expect(spreadSetting.read('bar')).toEqual({ source: 'bar' });
    expect(spreadSetting.read('0')).toEqual({ source: 'fixed', pips: 0 });
    expect(spreadSetting.read(' 0.8 ')).toEqual({ source: 'fixed', pips: 0.8 });
    // Empty and blank text is no number, though Number() reads it as 0; -0.1, Infinity and words are refused.
    expect(['', '  ', '-0.1', 'Infinity', 'NaN', 'bars', '1pip'].map((text) => spreadSetting.read(text))).toEqual(Array(7).fill(undefined));
    expect(spreadSetting.expected).toBe('bar or a number of pips');
  });

  it('read slippage as none, a number of pips or atr:<fraction>[:period], the period 14 when left out', () => {
    expect(slippageSetting.read('none')).toEqual({ kind: 'none' });
    expect(slippageSetting.read('0')).toEqual({ kind: 'fixed-pips', pips: 0 });
    expect(slippageSetting.read('0.2')).toEqual({ kind: 'fixed-pips', pips: 0.2 });
    expect(slippageSetting.read('atr:0.05')).toEqual({ kind: 'atr-fraction', fraction: 0.05, period: 14 });
    expect(slippageSetting.read('atr:0:1')).toEqual({ kind: 'atr-fraction', fraction: 0, period: 1 });
    expect(slippageSetting.read('atr:0.1:20')).toEqual({ kind: 'atr-fraction', fraction: 0.1, period: 20 });
    expect(slippageSetting.expected).toBe('none, pips or atr:<fraction>[:period] (period a whole number >= 1)');
  });

  it.each([
    ['a fourth part', 'atr:0.1:14:2'],
    ['a negative fraction', 'atr:-0.1:14'],
    ['no fraction', 'atr::14'],
    ['an empty period', 'atr:0.1:'],
    ['a blank period', 'atr:0.1: '],
    ['period 0', 'atr:0.1:0'],
    ['a fractional period', 'atr:0.1:1.5'],
    ['a period past the safe integers', 'atr:0.1:1e300'],
    ['negative pips', '-0.2'],
    ['empty text', ''],
    ['a word', 'fixed'],
  ])('refuse slippage with %s (%j)', (_what, text) => {
    expect(slippageSetting.read(text)).toBeUndefined();
  });

  it('read commission as none, per-lot:<amount> or bps:<rate>, each >= 0', () => {
    expect(commissionSetting.read('none')).toEqual({ kind: 'none' });
    expect(commissionSetting.read('per-lot:0')).toEqual({ kind: 'per-lot', amount: 0 });
    expect(commissionSetting.read('per-lot:3.5')).toEqual({ kind: 'per-lot', amount: 3.5 });
    expect(commissionSetting.read('bps:0.7')).toEqual({ kind: 'bps', bps: 0.7 });
    expect(['per-lot:-1', 'per-lot:', 'bps:-0.1', 'bps:', 'bps', '3.5', 'lot:3.5', ''].map((text) => commissionSetting.read(text))).toEqual(Array(8).fill(undefined));
    expect(commissionSetting.write({ kind: 'none' })).toBe('none');
    expect(commissionSetting.expected).toBe('none, per-lot:<amount> or bps:<basis points>');
  });

  it('read swap as two finite numbers, long then short, negative allowed', () => {
    expect(swapSetting.read('-6.5:1.2')).toEqual({ longPerLot: -6.5, shortPerLot: 1.2 });
    expect(swapSetting.read('0:0')).toEqual({ longPerLot: 0, shortPerLot: 0 });
    expect(['-6.5', '-6.5:1.2:0', ':1.2', '-6.5: ', 'Infinity:1', '1:NaN', 'a:b', ''].map((text) => swapSetting.read(text))).toEqual(Array(8).fill(undefined));
    expect(swapSetting.expected).toBe('<long>:<short> per lot per night, e.g. -6.5:1.2');
  });

  it('read cash as a plain decimal amount > 0, kept exactly', () => {
    expect(cashSetting.read('10000')).toBe('10000');
    expect(cashSetting.read(' 25000.50 ')).toBe('25000.5');
    expect(cashSetting.read('0.01')).toBe('0.01');
    expect(cashSetting.read('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
    expect(['0', '0.00', '-5', '1e4', '1.', '.5', '10 000', 'x10000', '10000x', ''].map((text) => cashSetting.read(text))).toEqual(Array(10).fill(undefined));
    expect(cashSetting.expected).toBe('an amount > 0');
  });
});
