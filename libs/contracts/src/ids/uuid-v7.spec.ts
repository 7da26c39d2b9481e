import { ManualClock, SeededRandom, type RandomSource } from '@trading/domain';
import { isUuid, isUuidV7, UuidV7Generator, uuidV7Timestamp } from './uuid-v7';

/** Bits of the id as a bigint, to check the layout field by field. */
function bitsOf(id: string): bigint {
  return BigInt(`0x${id.replace(/-/g, '')}`);
}

/** A random source that returns a fixed sequence, to pin exact bits. */
class ScriptedRandom implements RandomSource {
  private index = 0;
  constructor(private readonly values: number[]) {}
  nextUint32(): number {
    const value = this.values[this.index % this.values.length];
    this.index += 1;
    return value;
  }
  nextFloat(): number {
    return this.nextUint32() / 2 ** 32;
  }
}

describe('UuidV7Generator', () => {
  const start = Date.UTC(2022, 6, 1, 10, 0, 0); // 1656669600000

  it('lays out timestamp, version 7 and variant 0b10 as RFC 9562 requires', () => {
    const id = new UuidV7Generator(new ManualClock(start), new SeededRandom(1)).next();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const bits = bitsOf(id);
    expect(Number(bits >> 80n)).toBe(start);
    expect(Number((bits >> 76n) & 0xfn)).toBe(7);
    expect(Number((bits >> 62n) & 0x3n)).toBe(0b10);
    expect(isUuidV7(id)).toBe(true);
    expect(isUuid(id)).toBe(true);
  });

  it('puts the counter in rand_a and the top of rand_b and 32 random bits at the end', () => {
    // Counter seed: low 9 bits of the first draw above 32 bits of the second; the third draw is the tail.
    const random = new ScriptedRandom([0x1ff, 0xffffffff, 0x12345678]);
    const id = new UuidV7Generator(new ManualClock(start), random).next();
    const bits = bitsOf(id);
    const counter = ((bits >> 64n) & 0xfffn) * 2n ** 30n + ((bits >> 32n) & 0x3fffffffn);
    expect(counter).toBe(2n ** 41n - 1n);
    expect(Number(bits & 0xffffffffn)).toBe(0x12345678);
    expect(id).toBe('0181b933-f900-77ff-bfff-ffff12345678');
  });

  it('extracts the millisecond timestamp', () => {
    const clock = new ManualClock(start);
    const generator = new UuidV7Generator(clock, new SeededRandom(2));
    clock.advance(1234);
    expect(uuidV7Timestamp(generator.next())).toBe(start + 1234);
    expect(() => uuidV7Timestamp('0181b8e1-3a00-47ff-bfff-ffff12345678')).toThrow('not a UUIDv7');
  });

  it('is strictly increasing within one millisecond and across milliseconds', () => {
    const clock = new ManualClock(start);
    const generator = new UuidV7Generator(clock, new SeededRandom(3));
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      if (i % 1000 === 999) clock.advance(1);
      ids.push(generator.next());
    }
    for (let i = 1; i < ids.length; i += 1) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays monotonic when the clock steps back, keeping the last timestamp', () => {
    let now = start + 10;
    const generator = new UuidV7Generator({ now: () => now }, new SeededRandom(4));
    const first = generator.next();
    now = start;
    const second = generator.next();
    expect(second > first).toBe(true);
    expect(uuidV7Timestamp(second)).toBe(start + 10);
  });

  it('moves to the next millisecond when the counter runs out', () => {
    const random = new ScriptedRandom([0x1ff, 0xffffffff, 0]);
    const generator = new UuidV7Generator(new ManualClock(start), random);
    // Start at 2^41-1; 2^41 more ids in the same ms would exhaust 42 bits, so jump the counter.
    generator.next();
    (generator as unknown as { counter: number }).counter = 2 ** 42 - 1;
    const next = generator.next();
    expect(uuidV7Timestamp(next)).toBe(start + 1);
  });

  it('repeats the same ids for the same seed and clock, and differs for another seed', () => {
    const run = (seed: number): string[] => {
      const clock = new ManualClock(start);
      const generator = new UuidV7Generator(clock, new SeededRandom(seed));
      return Array.from({ length: 50 }, (_, i) => {
        if (i % 7 === 0) clock.advance(3);
        return generator.next();
      });
    };
    expect(run(42)).toEqual(run(42));
    expect(run(43)).not.toEqual(run(42));
  });

  it('rejects a clock time that does not fit 48 bits', () => {
    expect(() => new UuidV7Generator({ now: () => -1 }, new SeededRandom(1)).next()).toThrow('0..2^48-1');
    expect(() => new UuidV7Generator({ now: () => 2 ** 48 }, new SeededRandom(1)).next()).toThrow('0..2^48-1');
  });
});
