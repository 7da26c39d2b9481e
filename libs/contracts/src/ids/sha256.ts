// SHA-256 (FIPS 180-4) of a UTF-8 string, in plain TypeScript so the contracts
// stay free of node modules. Used to derive message ids from their causes, a
// few per trade, never per bar, so clarity beats speed here.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

let scratch = new Uint8Array(128);

/**
 * `text` as UTF-8 in a buffer with room for the padding (a reused scratch
 * buffer for ASCII, which ids always are); `length` is the text's own.
 */
function encode(text: string): { bytes: Uint8Array; length: number } {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  const utf = ascii ? null : utf8(text);
  const length = utf === null ? text.length : utf.length;
  const size = Math.ceil((length + 9) / 64) * 64;
  if (utf !== null) {
    const bytes = new Uint8Array(size);
    bytes.set(utf);
    return { bytes, length };
  }
  if (scratch.length < size) scratch = new Uint8Array(size * 2);
  const bytes = scratch.subarray(0, size);
  for (let i = 0; i < length; i++) bytes[i] = text.charCodeAt(i);
  bytes.fill(0, length);
  return { bytes, length };
}

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
}

const W = new Uint32Array(64);
const H = new Uint32Array(8);

/** The 32-byte digest of `text` (UTF-8). */
export function sha256(text: string): Uint8Array {
  const h = sha256Words(text);
  const digest = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    digest[i * 4] = h[i] >>> 24;
    digest[i * 4 + 1] = (h[i] >>> 16) & 255;
    digest[i * 4 + 2] = (h[i] >>> 8) & 255;
    digest[i * 4 + 3] = h[i] & 255;
  }
  return digest;
}

/** The digest of `text` as eight big-endian words, in a buffer the next call overwrites. */
export function sha256Words(text: string): Uint32Array {
  const { bytes: message, length } = encode(text);
  const bitLength = length * 8;
  message[length] = 0x80;
  // Length in bits as a 64-bit big-endian number (messages here are far below 2^32 bits).
  const end = message.length;
  message[end - 4] = (bitLength >>> 24) & 255;
  message[end - 3] = (bitLength >>> 16) & 255;
  message[end - 2] = (bitLength >>> 8) & 255;
  message[end - 1] = bitLength & 255;
  const h = H;
  h[0] = 0x6a09e667;
  h[1] = 0xbb67ae85;
  h[2] = 0x3c6ef372;
  h[3] = 0xa54ff53a;
  h[4] = 0x510e527f;
  h[5] = 0x9b05688c;
  h[6] = 0x1f83d9ab;
  h[7] = 0x5be0cd19;
  const w = W;
  for (let block = 0; block < end; block += 64) {
    for (let t = 0; t < 16; t++) {
      const i = block + t * 4;
      w[t] = (message[i] << 24) | (message[i + 1] << 16) | (message[i + 2] << 8) | message[i + 3];
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15];
      const y = w[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    let f = h[5];
    let g = h[6];
    let k = h[7];
    for (let t = 0; t < 64; t++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
  }
  return h;
}
