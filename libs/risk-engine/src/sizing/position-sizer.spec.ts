// Hand-computed sizing cases on a 10 000 USD account.
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from '../limits.config';
import { PortfolioView } from '../portfolio/portfolio-view';
import { marketAt, portfolioOf, signalOf } from '../testing/risk.builders';
import { confidenceMultiplier, kellyRiskFraction, sizePosition } from './position-sizer';

const NOW = Date.UTC(2025, 6, 1, 12);
const MIDS = { EURUSD: 1.1, USDCHF: 0.8, GBPUSD: 1.25, EURGBP: 0.88 };

function size(signal: ReturnType<typeof signalOf>, options: { equity?: number; limits?: typeof DEFAULT_RISK_LIMITS; atrPips?: Record<string, number>; stats?: { trades: number; winRate: number; payoffRatio: number } } = {}) {
  const market = marketAt(NOW, MIDS, { spreadPips: 0, atrPips: options.atrPips });
  const limits = options.limits ?? DEFAULT_RISK_LIMITS;
  const view = new PortfolioView(portfolioOf(options.equity ?? 10_000), market, limits);
  return sizePosition(signal, view, market, limits, options.stats);
}

describe('position sizing', () => {
  it('risks 0.5 % of equity over the stop distance: 50 USD over 20 pips of EURUSD is 0.25 lots', () => {
    const result = size(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098 }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lots.toString()).toBe('0.25');
    expect(result.explanation).toMatchObject({ riskAmount: '50', stopDistance: 0.002, stopSource: 'signal', valuePerPriceUnitPerLot: '100000', riskFractionSource: 'fixed' });
  });

  it('rounds down to the lot step: 50 USD over 30 pips is 0.1666… lots, sized 0.16', () => {
    const result = size(signalOf('a', 'EURUSD', 'SELL', { stopPrice: 1.103 }));
    expect(result.ok && result.lots.toString()).toBe('0.16');
  });

  it('places the stop 2 ATR away when the signal has none: ATR 12 pips gives a 24 pip stop and 0.20 lots', () => {
    const result = size(signalOf('a', 'EURUSD', 'BUY'), { atrPips: { EURUSD: 12 } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.stopPrice).toBe(1.0976);
    expect(result.explanation.stopSource).toBe('atr');
    // 50 / (100 000 × 0.0024) = 0.2083 → 0.20
    expect(result.lots.toString()).toBe('0.2');
  });

  it('converts the quote currency: USDCHF P&L is in CHF, worth 1/0.8 USD each', () => {
    // 50 USD / (100 000 CHF per unit × 1.25 USD/CHF × 0.0020) = 0.2 lots
    const result = size(signalOf('a', 'USDCHF', 'BUY', { stopPrice: 0.798 }));
    expect(result.ok && result.lots.toString()).toBe('0.2');
  });

  it('converts a cross through the account currency: EURGBP P&L is in GBP at GBPUSD 1.25', () => {
    // 50 / (100 000 × 1.25 × 0.0020) = 0.2 lots
    const result = size(signalOf('a', 'EURGBP', 'SELL', { stopPrice: 0.882 }));
    expect(result.ok && result.lots.toString()).toBe('0.2');
  });

  it('uses quarter Kelly once the strategy has enough trades: W 0.55, R 1.5 gives 0.25 × 0.25 = 6.25 %, capped at 1 %', () => {
    const limits = parseRiskLimits({ sizing: { kelly: { enabled: true } } });
    expect(kellyRiskFraction({ trades: 40, winRate: 0.55, payoffRatio: 1.5 }, { ...limits.sizing.kelly, cap: 1 })).toBeCloseTo(0.0625, 12);
    const result = size(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098 }), { limits, stats: { trades: 40, winRate: 0.55, payoffRatio: 1.5 } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.explanation).toMatchObject({ riskFraction: 0.01, riskFractionSource: 'kelly', riskAmount: '100' });
    expect(result.lots.toString()).toBe('0.5');
  });

  it('keeps the fixed fraction until the Kelly sample is large enough, and floors a losing edge', () => {
    const limits = parseRiskLimits({ sizing: { kelly: { enabled: true, minTrades: 30 } } });
    const early = size(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098 }), { limits, stats: { trades: 29, winRate: 0.9, payoffRatio: 3 } });
    expect(early.ok && early.explanation.riskFractionSource).toBe('fixed');
    expect(kellyRiskFraction({ trades: 100, winRate: 0.3, payoffRatio: 1 }, limits.sizing.kelly)).toBe(limits.sizing.kelly.floor);
  });

  it('scales by confidence: probability 0.6 between 0.5 (nothing) and 0.7 (full) is half size', () => {
    const limits = parseRiskLimits({ sizing: { confidence: { minProbability: 0.5, fullSizeProbability: 0.7 } } });
    expect(confidenceMultiplier(0.6, limits.sizing.confidence)).toBeCloseTo(0.5, 12);
    const result = size(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098, probability: 0.6 }), { limits });
    expect(result.ok && result.lots.toString()).toBe('0.12');
    // By default any confidence from 0.5 up gets the full size, and less scales down linearly from 0.
    expect(confidenceMultiplier(0.5, DEFAULT_RISK_LIMITS.sizing.confidence)).toBe(1);
    expect(confidenceMultiplier(0.2, DEFAULT_RISK_LIMITS.sizing.confidence)).toBeCloseTo(0.4, 12);
  });

  it('applies the volatility-regime multiplier from the market state', () => {
    const market = { ...marketAt(NOW, MIDS, { spreadPips: 0 }), regimeMultiplier: 0.5 };
    const view = new PortfolioView(portfolioOf(10_000), market, DEFAULT_RISK_LIMITS);
    const result = sizePosition(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098 }), view, market, DEFAULT_RISK_LIMITS, undefined);
    expect(result.ok && result.lots.toString()).toBe('0.12');
  });

  it('refuses a size under the minimum deal instead of rounding it up', () => {
    // 1.5 USD over 20 pips is 0.0075 lots, floored to 0.
    const result = size(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.098 }), { equity: 300 });
    expect(result).toMatchObject({ ok: false, reason: 'SIZE_BELOW_MINIMUM', explanation: { riskAmount: '1.5', rawLots: '0.0075', lots: '0' } });
  });

  it('refuses a stop on the wrong side of the entry', () => {
    expect(size(signalOf('a', 'EURUSD', 'BUY', { stopPrice: 1.102 }))).toMatchObject({ ok: false, reason: 'INVALID_STOP' });
  });
});
