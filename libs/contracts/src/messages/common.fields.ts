// Field schemas several messages share, so a symbol or a side means the same
// thing in every message.
import { TIMEFRAMES } from '@trading/domain';
import { enumOf, epochMs, number, string } from '../schema';

export const symbolField = string({ pattern: /^[A-Z]{6}$/, expected: 'a six-letter FX symbol (e.g. EURUSD)' });
export const timeframeField = enumOf(TIMEFRAMES);
export const timeField = epochMs();
export const uuidField = string({
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  expected: 'a lower-case UUID',
});
/** A name that is also a routing-key word: strategy names, study ids. */
export const wordField = string({ pattern: /^[A-Za-z0-9_-]{1,64}$/, expected: 'a name of 1-64 letters, digits, "_" or "-"' });
/** Machine-readable reason, e.g. MAX_EXPOSURE. */
export const reasonCodeField = string({ pattern: /^[A-Z][A-Z0-9_]{0,63}$/, expected: 'an UPPER_SNAKE reason code' });
export const sentenceField = string({ minLength: 1, maxLength: 2000, expected: 'a non-empty text of at most 2000 characters' });
export const priceField = number({ greaterThan: 0 });
export const probabilityField = number({ min: 0, max: 1 });
export const orderSideField = enumOf(['buy', 'sell'] as const);
export const tradingStateField = enumOf(['ACTIVE', 'REDUCING', 'HALTED'] as const);
/** Sent to the broker as is (IG dealReference: at most 30 of [A-Za-z0-9_-]); see clientOrderIdFor. */
export const clientOrderIdField = string({
  pattern: /^[A-Za-z0-9_-]{8,30}$/,
  expected: 'a client order id of 8-30 letters, digits, "_" or "-"',
});
export const currencyField = string({ pattern: /^[A-Z]{3}$/, expected: 'a three-letter currency code' });

/** Model identity on ML messages: which trained artefact produced the output. */
export const modelIdField = string({ pattern: /^[A-Za-z0-9_.:-]{1,128}$/, expected: 'a model id' });

/** True when probabilities add up to 1 within float rounding. */
export function sumsToOne(values: readonly number[]): boolean {
  let total = 0;
  for (const value of values) total += value;
  return Math.abs(total - 1) <= 1e-6;
}
