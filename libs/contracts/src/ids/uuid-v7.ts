// UUIDv7 message ids (RFC 9562 §5.7): a 48-bit unix-ms timestamp from the
// injected clock, then random bits from the injected source, so a seeded run
// produces the same ids. Ids made by one generator are strictly increasing, also
// within one millisecond: 42 bits after the timestamp are a counter (RFC 9562
// §6.2, method 1) started at a random value each new millisecond and bumped by
// one per id; the last 32 bits stay random.
import type { Clock, RandomSource } from '@trading/domain';

const TWO_POW_30 = 2 ** 30;
const MAX_COUNTER = 2 ** 42 - 1;
const MAX_TIMESTAMP = 2 ** 48 - 1;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export class UuidV7Generator {
  private lastTimestamp = -1;
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  next(): string {
    const now = this.clock.now();
    if (!Number.isSafeInteger(now) || now < 0 || now > MAX_TIMESTAMP) {
      throw new RangeError(`UUIDv7 needs a clock time in 0..2^48-1 ms, got ${now}`);
    }
    if (now > this.lastTimestamp) {
      this.lastTimestamp = now;
      this.reseedCounter();
    } else {
      // Same millisecond, or a clock that stepped back: keep the last timestamp and count on.
      this.counter += 1;
      if (this.counter > MAX_COUNTER) {
        // Counter exhausted: borrow the next millisecond (RFC 9562 §6.2 allows it).
        this.lastTimestamp += 1;
        this.reseedCounter();
      }
    }
    return format(this.lastTimestamp, this.counter, this.random.nextUint32());
  }

  private reseedCounter(): void {
    // 41 random bits: the top counter bit starts at 0 so a millisecond has room for 2^41 ids.
    this.counter = (this.random.nextUint32() & 0x1ff) * 2 ** 32 + this.random.nextUint32();
  }
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

function format(timestamp: number, counter: number, tail: number): string {
  const counterHigh = Math.floor(counter / TWO_POW_30); // 12 bits: rand_a
  const counterLow = counter % TWO_POW_30; // 30 bits: start of rand_b
  const timeHigh = Math.floor(timestamp / 65536);
  const timeLow = timestamp % 65536;
  const variantWord = 0x8000 | (counterLow >>> 16); // variant 0b10, then 14 counter bits
  return (
    hex(timeHigh, 8) +
    '-' +
    hex(timeLow, 4) +
    '-' +
    hex(0x7000 | counterHigh, 4) +
    '-' +
    hex(variantWord, 4) +
    '-' +
    hex(counterLow & 0xffff, 4) +
    hex(tail >>> 0, 8)
  );
}

/** Any RFC 9562 UUID in canonical lower-case text form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export function isUuidV7(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7_PATTERN.test(value);
}

/** The unix-ms timestamp in the first 48 bits of a UUIDv7. */
export function uuidV7Timestamp(id: string): number {
  if (!isUuidV7(id)) throw new RangeError(`not a UUIDv7: ${JSON.stringify(id)}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
