// Conversion rates between currencies from the latest quotes (mid prices):
// direct pair, inverted pair, or a cross through USD. A missing rate is NaN so
// the rule that needed it can refuse the trade instead of guessing.
import type { Quote } from '@trading/domain';

export function midPrice(quote: Quote | undefined): number {
  return quote ? (quote.bid + quote.ask) / 2 : Number.NaN;
}

/** Units of `to` per unit of `from`. */
export function conversionRate(from: string, to: string, quotes: Readonly<Record<string, Quote>>): number {
  if (from === to) return 1;
  const direct = directRate(from, to, quotes);
  if (!Number.isNaN(direct)) return direct;
  if (from !== 'USD' && to !== 'USD') return directRate(from, 'USD', quotes) * directRate('USD', to, quotes);
  return Number.NaN;
}

function directRate(from: string, to: string, quotes: Readonly<Record<string, Quote>>): number {
  if (from === to) return 1;
  const straight = quotes[from + to];
  if (straight) return midPrice(straight);
  const inverse = quotes[to + from];
  if (inverse) return 1 / midPrice(inverse);
  return Number.NaN;
}
