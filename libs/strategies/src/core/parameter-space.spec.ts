import { defaultParameters, resolveParameters } from './parameter-space';
import { SCALPING_PARAMETERS } from '../scalping/scalping.strategy';

describe('parameter spaces', () => {
  it('fills defaults and keeps given values', () => {
    const values = resolveParameters('scalping', SCALPING_PARAMETERS, { rsiPeriod: 9 });
    expect(values['rsiPeriod']).toBe(9);
    expect(values['bbPeriod']).toBe(20);
    expect(defaultParameters(SCALPING_PARAMETERS)['stopAtr']).toBe(2);
  });

  it('rejects an unknown parameter, naming it and the known ones', () => {
    expect(() => resolveParameters('scalping', SCALPING_PARAMETERS, { rsiLength: 9 })).toThrow('scalping: unknown parameter "rsiLength" (expected one of bbPeriod');
  });

  it('rejects a value out of range or of the wrong type, naming the parameter', () => {
    expect(() => resolveParameters('scalping', SCALPING_PARAMETERS, { bbPeriod: 2 })).toThrow('parameter "bbPeriod" must be in 5..100, got 2');
    expect(() => resolveParameters('scalping', SCALPING_PARAMETERS, { bbPeriod: 20.5 })).toThrow('"bbPeriod" must be a whole number');
    expect(() => resolveParameters('scalping', SCALPING_PARAMETERS, { stopAtr: '2' })).toThrow('"stopAtr" must be a number, got "2"');
    expect(() => resolveParameters('scalping', SCALPING_PARAMETERS, [1])).toThrow('parameters must be an object');
  });

  it('declares a default inside its own range for every parameter', () => {
    for (const spec of SCALPING_PARAMETERS) {
      if (spec.type === 'int' || spec.type === 'float') {
        expect(spec.default).toBeGreaterThanOrEqual(spec.min);
        expect(spec.default).toBeLessThanOrEqual(spec.max);
      }
    }
  });
});
