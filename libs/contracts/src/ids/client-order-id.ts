// Client order ids derived from the risk decision that approved the order, so
// a retried or redelivered submit carries the same id and the broker (IG's
// `dealReference`, at most 30 of [A-Za-z0-9_-]) recognises the duplicate
// instead of opening a second position. The decision's 128-bit UUID is written
// in base 62 (22 characters) after an "o": one-to-one, so the decision can be
// read back from the id during reconciliation.
import { isUuid } from './uuid-v7';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const WIDTH = 22; // 62^22 > 2^128
const PREFIX = 'o';
const CLIENT_ORDER_ID = /^o[0-9A-Za-z]{22}$/;

export function clientOrderIdFor(decisionId: string): string {
  if (!isUuid(decisionId)) throw new RangeError(`decision id must be a lower-case UUID, got ${JSON.stringify(decisionId)}`);
  let value = BigInt(`0x${decisionId.replace(/-/g, '')}`);
  let digits = '';
  while (value > 0n) {
    digits = ALPHABET[Number(value % 62n)] + digits;
    value /= 62n;
  }
  return PREFIX + digits.padStart(WIDTH, '0');
}

/** The decision id a derived client order id came from; throws for ids not made by clientOrderIdFor. */
export function decisionIdOf(clientOrderId: string): string {
  if (!CLIENT_ORDER_ID.test(clientOrderId)) throw new RangeError(`not a derived client order id: ${JSON.stringify(clientOrderId)}`);
  let value = 0n;
  for (let i = 1; i < clientOrderId.length; i += 1) value = value * 62n + BigInt(ALPHABET.indexOf(clientOrderId[i]));
  if (value >= 1n << 128n) throw new RangeError(`not a derived client order id: ${JSON.stringify(clientOrderId)}`);
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
