// A setting written as text reads back as the same value: how `trading run
// --processes` hands the fill model and the cash to a service alone.
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
});
