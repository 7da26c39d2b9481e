import { sha256 } from './sha256';
import { barId, derivedId, derivedIdTime, isDerivedId } from './derived-id';
import { isUuid } from './uuid-v7';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha256', () => {
  it('matches the FIPS 180-4 examples and a multi-block, non-ASCII input', () => {
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    // Checked against node:crypto: createHash('sha256').update('Zürich → 東京 🚀'.repeat(5)).digest('hex').
    expect(hex(sha256('Zürich → 東京 🚀'.repeat(5)))).toBe(require('node:crypto').createHash('sha256').update('Zürich → 東京 🚀'.repeat(5)).digest('hex'));
  });
});

describe('derived ids', () => {
  const t = Date.UTC(2025, 5, 2, 10);

  it('are the same for the same cause, role and time, whoever computes them', () => {
    expect(derivedId('cause', 'risk/risk.decision', t)).toBe(derivedId('cause', 'risk/risk.decision', t));
    // Computed independently with Python's hashlib: the layout is time(48) | 8 | digest bits | variant | digest bits.
    expect(derivedId('cause', 'risk/risk.decision', t)).toBe('01973015-6d00-8bc7-bd23-1deb23933561');
  });

  it('differ with the cause or the role', () => {
    const base = derivedId('cause', 'role', t);
    expect(derivedId('cause2', 'role', t)).not.toBe(base);
    expect(derivedId('cause', 'role2', t)).not.toBe(base);
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(derivedId('ab', 'c', t)).not.toBe(derivedId('a', 'bc', t));
  });

  it('are UUIDv8s that carry the market time and sort by it', () => {
    const id = derivedId('cause', 'role', t);
    expect(isUuid(id)).toBe(true);
    expect(isDerivedId(id)).toBe(true);
    expect(derivedIdTime(id)).toBe(t);
    expect(derivedId('z', 'role', t) < derivedId('a', 'role', t + 1)).toBe(true);
  });

  it('name a bar by its symbol, timeframe and time', () => {
    const close = t + 3_600_000;
    expect(barId('EURUSD', 'H1', t, close)).toBe(barId('EURUSD', 'H1', t, close));
    expect(barId('EURUSD', 'H1', t, close)).not.toBe(barId('EURUSD', 'M5', t, t + 300_000));
    expect(derivedIdTime(barId('EURUSD', 'H1', t, close))).toBe(close);
  });

  it('refuse a time outside 48 bits and an empty cause or role', () => {
    expect(() => derivedId('c', 'r', -1)).toThrow('a derived id needs a time in 0..2^48-1 ms, got -1');
    expect(() => derivedId('c', 'r', 1.5)).toThrow('got 1.5');
    expect(() => derivedId('', 'r', 0)).toThrow('a derived id needs a cause and a role');
  });
});
