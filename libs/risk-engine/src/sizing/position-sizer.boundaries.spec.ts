// The sizer at the edges of what it accepts: the smallest and largest deal,
// the Kelly sample size, confidence at both ends of its ramp, a stop one
// point from the entry, the regime multiplier at zero, the cost a market
// entry pays, each with the lots or the reason it answers (hand-computed on
// EURUSD at 1.1 with no spread: 1 lot moves 100,000 x the price change USD).
import { parseRiskLimits } from '../limits.config';
import { PortfolioView } from '../portfolio/portfolio-view';
import type { MarketState, TradeRequest } from '../risk.types';
import { marketAt, portfolioOf, signalOf } from '../testing/risk.builders';
import { sizePosition } from './position-sizer';

const NOW = Date.UTC(2025, 6, 1, 12);
const MIDS = { EURUSD: 1.1, EURGBP: 0.88 };

function size(signal: TradeRequest, options: { equity?: number | string; limits?: object; market?: Partial<MarketState>; stats?: { trades: number; winRate: number; payoffRatio: number } } = {}) {
  const market = { ...marketAt(NOW, MIDS, { spreadPips: 0 }), ...options.market };
  const limits = parseRiskLimits(options.limits ?? {});
  return sizePosition(signal, new PortfolioView(portfolioOf(options.equity ?? 10_000), market, limits), market, limits, options.stats);
}

const buy = (extra: Partial<TradeRequest> = {}) => signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098, ...extra });
const lotsOf = (result: ReturnType<typeof size>) => (result.ok ? result.lots.toString() : `${result.reason}: ${result.message}`);

describe('position sizing at its boundaries', () => {
  it('the smallest deal: 0.5 % of 400 USD over 20 pips is exactly 0.01 lots; of 399.99 it is under it and refused', () => {
    // 2 / (100,000 x 0.002) = 0.01; 1.99995 / 200 = 0.0099998, which rounds down to 0.
    expect(lotsOf(size(buy(), { equity: 400 }))).toBe('0.01');
    expect(lotsOf(size(buy(), { equity: '399.99' }))).toBe('SIZE_BELOW_MINIMUM: sized 0 lots of EURUSD, below the minimum deal size 0.01');
  });

  it('the largest deal: 4,000,000 USD sizes exactly 100 lots; 8,000,000 asks for 200 and gets the 100 lot maximum', () => {
    expect(lotsOf(size(buy(), { equity: 4_000_000 }))).toBe('100');
    expect(lotsOf(size(buy(), { equity: 8_000_000 }))).toBe('100');
  });

  it('Kelly replaces the fixed fraction at exactly minTrades (30), and never with a payoff ratio of 0', () => {
    const limits = { sizing: { kelly: { enabled: true, minTrades: 30 } } };
    // Quarter Kelly of W 0.55, R 1.5 is 6.25 %, capped at 1 %: 100 USD over 20 pips = 0.5 lots.
    const at = size(buy(), { limits, stats: { trades: 30, winRate: 0.55, payoffRatio: 1.5 } });
    expect(at.ok && [at.explanation.riskFractionSource, at.explanation.riskAmount, at.lots.toString()]).toEqual(['kelly', '100', '0.5']);
    const noPayoff = size(buy(), { limits, stats: { trades: 100, winRate: 0.55, payoffRatio: 0 } });
    expect(noPayoff.ok && [noPayoff.explanation.riskFractionSource, noPayoff.lots.toString()]).toEqual(['fixed', '0.25']);
  });

  it('confidence between 0.5 (nothing) and 0.7 (full): 0.5 sizes nothing, 0.69 sizes 95 %, 0.7 the full 0.25 lots', () => {
    const limits = { sizing: { confidence: { minProbability: 0.5, fullSizeProbability: 0.7 } } };
    expect(lotsOf(size(buy({ probability: 0.5 }), { limits }))).toBe('SIZE_BELOW_MINIMUM: sized 0 lots of EURUSD, below the minimum deal size 0.01');
    // 50 x 0.95 = 47.5 USD over 20 pips = 0.2375 lots.
    expect(lotsOf(size(buy({ probability: 0.69 }), { limits }))).toBe('0.23');
    expect(lotsOf(size(buy({ probability: 0.7 }), { limits }))).toBe('0.25');
  });

  it('a probability of exactly 0 or 1 is valid; just outside 0..1 the signal is refused', () => {
    expect(lotsOf(size(buy({ probability: 1 })))).toBe('0.25');
    expect(lotsOf(size(buy({ probability: 0 })))).toBe('SIZE_BELOW_MINIMUM: sized 0 lots of EURUSD, below the minimum deal size 0.01');
    expect(lotsOf(size(buy({ probability: 1.0001 })))).toBe('INVALID_SIGNAL: signal a probability 1.0001 is outside 0..1');
    expect(lotsOf(size(buy({ probability: -0.0001 })))).toBe('INVALID_SIGNAL: signal a probability -0.0001 is outside 0..1');
  });

  it.each([
    { side: 'BUY', at: 1.1, beyond: 1.09999 },
    { side: 'SELL', at: 1.1, beyond: 1.10001 },
  ] as const)('a $side stop at the entry is refused; one point away on the losing side it sizes 50 / (100,000 x 0.00001) = 50 lots', ({ side, at, beyond }) => {
    expect(lotsOf(size(signalOf('a', 'EURUSD', side, { stopPrice: at })))).toBe(`INVALID_STOP: stop 1.1 of ${side} signal a is not on the losing side of entry 1.1`);
    expect(lotsOf(size(signalOf('a', 'EURUSD', side, { stopPrice: beyond })))).toBe('50');
  });

  it('a regime multiplier of 0 sizes nothing; under 0 it is refused', () => {
    expect(lotsOf(size(buy(), { market: { regimeMultiplier: 0 } }))).toBe('SIZE_BELOW_MINIMUM: sized 0 lots of EURUSD, below the minimum deal size 0.01');
    expect(lotsOf(size(buy(), { market: { regimeMultiplier: -0.01 } }))).toBe('INVALID_SIGNAL: regime multiplier -0.01 must be >= 0');
  });

  it('a market entry is sized from where it can fill (the quote plus a 1 pip cost), a limit entry from its own price', () => {
    const market = { expectedEntryCost: { EURUSD: 0.0001 } };
    // Bought at 1.1001 or sold at 1.0999, 21 pips from the stop: 50 / 210 = 0.238 lots.
    const bought = size(buy(), { market });
    expect(bought.ok && [bought.explanation.entryPrice, bought.explanation.stopDistance, bought.lots.toString()]).toEqual([1.1001, 0.0021, '0.23']);
    expect(lotsOf(size(signalOf('a', 'EURUSD', 'SELL', { stopPrice: 1.102 }), { market }))).toBe('0.23');
    const limit = size(buy({ entryPrice: 1.1, entryType: 'LIMIT' }), { market });
    expect(limit.ok && [limit.explanation.expectedEntryCost, limit.lots.toString()]).toEqual([0, '0.25']);
  });

  it('Kelly needs both the setting and a track record: enabled without stats, or stats while disabled, keeps the fixed 0.5 %', () => {
    const record = { trades: 100, winRate: 0.55, payoffRatio: 1.5 };
    const noStats = size(buy(), { limits: { sizing: { kelly: { enabled: true } } } });
    expect(noStats.ok && [noStats.explanation.riskFractionSource, noStats.explanation.riskAmount, noStats.lots.toString()]).toEqual(['fixed', '50', '0.25']);
    const disabled = size(buy(), { stats: record });
    expect(disabled.ok && [disabled.explanation.riskFractionSource, disabled.explanation.riskAmount, disabled.lots.toString()]).toEqual(['fixed', '50', '0.25']);
  });

  it.each([
    // 1.1 − 2 × 0.0012345 = 1.097531, floored to the point: 1.09753, 0.00247 from the entry (not 1.09754, 0.00246).
    { side: 'BUY', stop: 1.09753 },
    // 1.1 + 0.002469 = 1.102469, raised to the point: 1.10247.
    { side: 'SELL', stop: 1.10247 },
  ] as const)('an ATR stop off the point grid is rounded away from the $side entry, to $stop', ({ side, stop }) => {
    const result = size(signalOf('a', 'EURUSD', side), { market: { atr: { EURUSD: 0.0012345 } } });
    // 50 / (100,000 × 0.00247) = 0.2024 lots.
    expect(result.ok && [result.stopPrice, result.explanation.stopDistance, result.lots.toString()]).toEqual([stop, 0.00247, '0.2']);
  });

    it('refuses a signal it cannot price, stop or convert', () => {
    expect(lotsOf(size(signalOf('a', 'GBPUSD', 'BUY', { stopPrice: 1.2 })))).toBe('NO_PRICE: no quote for GBPUSD and no entry price on signal a');
    // A price of 0 is no price (a stop under it would otherwise be judged, or a size divided by it).
    expect(lotsOf(size(buy({ entryPrice: 0 })))).toBe('NO_PRICE: no quote for EURUSD and no entry price on signal a');
    expect(lotsOf(size(signalOf('a', 'EURUSD', 'BUY'), { market: { atr: { EURUSD: 0 } } }))).toBe('NO_STOP: signal a has no stop and there is no ATR for EURUSD');
    // EURGBP P&L is in GBP, and no GBPUSD quote converts it.
    expect(lotsOf(size(signalOf('a', 'EURGBP', 'BUY', { stopPrice: 0.878 })))).toBe('NO_CONVERSION_RATE: no quote converts GBP into USD');
  });
});
