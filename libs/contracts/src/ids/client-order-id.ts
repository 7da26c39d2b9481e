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
const TWO_POW_32 = 2 ** 32;
const CLIENT_ORDER_ID = /^o[0-9A-Za-z]{22}$/;

export function clientOrderIdFor(decisionId: string): string {
  if (!isUuid(decisionId)) throw new RangeError(`decision id must be a lower-case UUID, got ${JSON.stringify(decisionId)}`);
  const hex = decisionId.replace(/-/g, '');
  // The 128 bits as four 32-bit limbs, most significant first: long division by 62
  // stays exact in doubles (remainder * 2^32 + limb < 62 * 2^32 < 2^38).
  let l0 = parseInt(hex.slice(0, 8), 16);
  let l1 = parseInt(hex.slice(8, 16), 16);
  let l2 = parseInt(hex.slice(16, 24), 16);
  let l3 = parseInt(hex.slice(24, 32), 16);
  let digits = '';
  for (let position = 0; position < WIDTH; position++) {
    let current = l0;
    l0 = Math.floor(current / 62);
    current = (current - l0 * 62) * TWO_POW_32 + l1;
    l1 = Math.floor(current / 62);
    current = (current - l1 * 62) * TWO_POW_32 + l2;
    l2 = Math.floor(current / 62);
    current = (current - l2 * 62) * TWO_POW_32 + l3;
    l3 = Math.floor(current / 62);
    digits = ALPHABET[current - l3 * 62] + digits;
  }
  return PREFIX + digits;
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
