// The fill model's checks (each bound exactly at its limit and one step past it,
// each message as a user reads it) and its description in words for reports.
import { DEFAULT_FILL_MODEL, describeFillModel, type FillModel, validateFillModel } from './fill-model';

const model = (fill: Partial<FillModel>): FillModel => ({ ...DEFAULT_FILL_MODEL, ...fill });

describe('validateFillModel', () => {
  it('takes every valid kind of each part at its smallest value and returns the model itself', () => {
    const valid: FillModel[] = [
      DEFAULT_FILL_MODEL,
      model({ timing: 'close' }),
      model({ spread: { source: 'fixed', pips: 0 } }),
      model({ slippage: { kind: 'fixed-pips', pips: 0 } }),
      model({ slippage: { kind: 'atr-fraction', fraction: 0, period: 1 } }),
      model({ commission: { kind: 'per-lot', amount: 0 } }),
      model({ commission: { kind: 'bps', bps: 0 } }),
      model({ swap: { longPerLot: -6.5, shortPerLot: 1.2 } }),
    ];
    for (const fill of valid) expect(validateFillModel(fill)).toBe(fill);
  });

  it.each([
    ['timing "open"', model({ timing: 'open' as never }), 'fill timing must be next-open or close, got open'],
    ['a fixed spread of -0.1 pip', model({ spread: { source: 'fixed', pips: -0.1 } }), 'fixed spread must be >= 0 pips, got -0.1'],
    ['a fixed spread of NaN pips', model({ spread: { source: 'fixed', pips: Number.NaN } }), 'fixed spread must be >= 0 pips, got NaN'],
    ['slippage of -0.1 pip', model({ slippage: { kind: 'fixed-pips', pips: -0.1 } }), 'slippage must be >= 0 pips, got -0.1'],
    ['slippage of NaN pips', model({ slippage: { kind: 'fixed-pips', pips: Number.NaN } }), 'slippage must be >= 0 pips, got NaN'],
    ['an ATR fraction of -0.1', model({ slippage: { kind: 'atr-fraction', fraction: -0.1, period: 14 } }), 'ATR slippage needs a fraction >= 0 and a whole period >= 1, got -0.1 of ATR(14)'],
    ['an ATR fraction of NaN', model({ slippage: { kind: 'atr-fraction', fraction: Number.NaN, period: 14 } }), 'ATR slippage needs a fraction >= 0 and a whole period >= 1, got NaN of ATR(14)'],
    ['ATR(0)', model({ slippage: { kind: 'atr-fraction', fraction: 0.1, period: 0 } }), 'ATR slippage needs a fraction >= 0 and a whole period >= 1, got 0.1 of ATR(0)'],
    ['ATR(1.5)', model({ slippage: { kind: 'atr-fraction', fraction: 0.1, period: 1.5 } }), 'ATR slippage needs a fraction >= 0 and a whole period >= 1, got 0.1 of ATR(1.5)'],
    ['-0.01 per lot', model({ commission: { kind: 'per-lot', amount: -0.01 } }), 'commission per lot must be >= 0, got -0.01'],
    ['NaN per lot', model({ commission: { kind: 'per-lot', amount: Number.NaN } }), 'commission per lot must be >= 0, got NaN'],
    ['-0.01 bps', model({ commission: { kind: 'bps', bps: -0.01 } }), 'commission must be >= 0 bps, got -0.01'],
    ['NaN bps', model({ commission: { kind: 'bps', bps: Number.NaN } }), 'commission must be >= 0 bps, got NaN'],
    ['an infinite long swap', model({ swap: { longPerLot: Number.POSITIVE_INFINITY, shortPerLot: 1 } }), 'swap rates must be finite numbers'],
    ['a NaN short swap', model({ swap: { longPerLot: -1, shortPerLot: Number.NaN } }), 'swap rates must be finite numbers'],
  ])('refuses %s: %s', (_what, fill, message) => {
    expect(() => validateFillModel(fill)).toThrow(new RangeError(message));
  });
});

describe('describeFillModel', () => {
  it('names every optimistic assumption of the default model over data without spreads', () => {
    expect(describeFillModel(DEFAULT_FILL_MODEL, false)).toEqual({
      fills: 'market orders fill at the open of the bar after the signal',
      spread: 'from the bar spread column (points), which is zero in this data: buys at bid + spread, sells at the bid',
      slippage: 'none',
      commission: 'none',
      swap: 'none',
      stopAndTargetInOneBar: 'the stop fills first (pessimistic)',
      gaps: 'a stop or target the open has already passed fills at the open',
      accounting:
        'cash, P&L and costs booked in exact decimals at each fill (prices rounded to the instrument point); per-bar equity for metrics is marked to market in floating point',
      warnings: ['zero spread: every fill is at the bid, no spread is paid', 'zero commission', 'no slippage'],
    });
  });

  it('describes bar spreads that were seen, fixed-pip slippage, per-lot commission and swap, with no warning left', () => {
    const fill = model({ slippage: { kind: 'fixed-pips', pips: 0.2 }, commission: { kind: 'per-lot', amount: 3.5 }, swap: { longPerLot: -6.5, shortPerLot: 1.2 } });
    expect(describeFillModel(fill, true)).toMatchObject({
      fills: 'market orders fill at the open of the bar after the signal',
      spread: 'from the bar spread column (points): buys at bid + spread, sells at the bid',
      slippage: '0.2 pips against every market and stop fill',
      commission: '3.5 per lot per side (account currency)',
      swap: 'per lot per night: long -6.5, short 1.2 (triple on Wednesday), at 22:00 UTC',
      warnings: [],
    });
  });

  it('describes a fixed spread, ATR slippage, commission in bps and fills at the close', () => {
    const fill = model({ timing: 'close', spread: { source: 'fixed', pips: 0.8 }, slippage: { kind: 'atr-fraction', fraction: 0.05, period: 14 }, commission: { kind: 'bps', bps: 0.7 } });
    // A fixed spread is a spread whatever the bars say.
    expect(describeFillModel(fill, false)).toMatchObject({
      fills: 'market orders fill at the close of the signal bar',
      spread: 'fixed 0.8 pips: buys at bid + spread, sells at the bid',
      slippage: '0.05 x ATR(14) against every market and stop fill',
      commission: '0.7 bps of notional per side',
      warnings: ['fills at the signal bar close: the signal and its fill use the same price'],
    });
  });

  it('warns of a zero fixed spread even over bars with spreads, and of a zero commission of either kind', () => {
    expect(describeFillModel(model({ spread: { source: 'fixed', pips: 0 }, slippage: { kind: 'fixed-pips', pips: 0.1 } }), true).warnings).toEqual([
      'zero spread: every fill is at the bid, no spread is paid',
      'zero commission',
    ]);
    const slipping = { slippage: { kind: 'fixed-pips', pips: 0.1 } } as const;
    expect(describeFillModel(model({ ...slipping, commission: { kind: 'per-lot', amount: 0 } }), true).warnings).toEqual(['zero commission']);
    expect(describeFillModel(model({ ...slipping, commission: { kind: 'bps', bps: 0 } }), true).warnings).toEqual(['zero commission']);
    // A per-lot amount is read as an amount, a bps rate as a rate.
    expect(describeFillModel(model({ ...slipping, commission: { kind: 'per-lot', amount: 0.01 } }), true).warnings).toEqual([]);
    expect(describeFillModel(model({ ...slipping, commission: { kind: 'bps', bps: 0.01 } }), true).warnings).toEqual([]);
  });
});
