import {
  array,
  boolean,
  decimalString,
  enumOf,
  int,
  literal,
  nullable,
  number,
  object,
  optional,
  record,
  refine,
  string,
  union,
  validate,
  assertValid,
  type Infer,
} from './index';

const order = object({
  symbol: string({ pattern: /^[A-Z]{6}$/, expected: 'a six-letter FX symbol' }),
  size: decimalString({ positive: true }),
  side: enumOf(['buy', 'sell'] as const),
  legs: array(object({ price: number({ greaterThan: 0 }), note: optional(string()) })),
  tags: record(int({ min: 0 })),
  parent: nullable(string()),
});

type Order = Infer<typeof order>;

const validOrder: Order = {
  symbol: 'EURUSD',
  size: '0.5',
  side: 'buy',
  legs: [{ price: 1.0842 }, { price: 1.085, note: 'second' }],
  tags: { attempt: 1 },
  parent: null,
};

function reasonOf(result: { ok: boolean; reason?: string }): string | undefined {
  return result.ok ? undefined : result.reason;
}

describe('schema DSL', () => {
  it('accepts a value that matches every member and returns it unchanged', () => {
    const result = validate(order, validOrder, 'payload');
    expect(result).toEqual({ ok: true, value: validOrder });
  });

  it('names the path of a float where a decimal string is expected', () => {
    expect(reasonOf(validate(order, { ...validOrder, size: 1.5 }, 'payload'))).toBe('payload.size: expected a positive decimal string, got 1.5');
  });

  it('names array indices and nested keys in the path', () => {
    const bad = { ...validOrder, legs: [{ price: 1.08 }, { price: -1 }] };
    expect(reasonOf(validate(order, bad, 'payload'))).toBe('payload.legs[1].price: expected a finite number > 0, got -1');
  });

  it('reports a missing required field as "got nothing"', () => {
    const { side: _side, ...withoutSide } = validOrder;
    expect(reasonOf(validate(order, withoutSide))).toBe('side: expected one of buy, sell, got nothing');
  });

  it('rejects an unexpected field, listing the known ones', () => {
    expect(reasonOf(validate(order, { ...validOrder, sise: '1' }))).toBe(
      'sise: unexpected field (known: symbol, size, side, legs, tags, parent)',
    );
  });

  it('accepts an optional member that is absent or undefined, and null only where nullable', () => {
    expect(validate(order, { ...validOrder, legs: [{ price: 1, note: undefined }] }).ok).toBe(true);
    expect(reasonOf(validate(order, { ...validOrder, legs: [{ price: 1, note: null }] }))).toBe('legs[0].note: expected a string or nothing, got null');
    expect(reasonOf(validate(order, { ...validOrder, parent: undefined }))).toBe('parent: expected a string or null, got nothing');
  });

  it('checks record values by key', () => {
    expect(reasonOf(validate(order, { ...validOrder, tags: { attempt: 1.5 } }))).toBe('tags.attempt: expected an integer ≥ 0, got 1.5');
  });

  it('describes non-objects by kind', () => {
    expect(reasonOf(validate(order, [], 'payload'))).toBe('payload: expected an object, got an array');
    expect(reasonOf(validate(order, 'x'))).toBe('expected an object, got "x"');
    expect(reasonOf(validate(order, { ...validOrder, legs: {} }))).toBe('legs: expected an array of an object, got an object');
  });

  describe('decimalString', () => {
    const plain = decimalString();
    const positive = decimalString({ positive: true });
    const nonNegative = decimalString({ nonNegative: true });

    it.each(['0', '1', '-1', '0.5', '-0.00012', '100000', '1.10'])('accepts %s', (text) => {
      expect(plain.check(text)).toBeUndefined();
    });

    it.each(['', '1.', '.5', '01', '+1', '1e5', '1,5', ' 1', 'NaN', 'Infinity'])('rejects %j', (text) => {
      expect(plain.check(text)).toEqual({ path: [], message: `expected a decimal string, got ${JSON.stringify(text)}` });
    });

    it.each(['-0', '-0.0'])('rejects a negative zero %j, saying how to write zero', (text) => {
      expect(plain.check(text)?.message).toBe(`expected a decimal string, got ${JSON.stringify(text)} (write zero as "0")`);
    });

    it('rejects numbers, even integral ones', () => {
      expect(plain.check(1)?.message).toBe('expected a decimal string, got 1');
    });

    it('applies sign constraints', () => {
      expect(positive.check('0')?.message).toBe('expected a positive decimal string, got "0"');
      expect(positive.check('0.000')?.message).toBe('expected a positive decimal string, got "0.000"');
      expect(positive.check('0.001')).toBeUndefined();
      expect(nonNegative.check('0')).toBeUndefined();
      expect(nonNegative.check('-0.5')?.message).toBe('expected a non-negative decimal string, got "-0.5"');
    });
  });

  it('keeps numbers finite and within bounds', () => {
    const probability = number({ min: 0, max: 1 });
    expect(probability.check(Number.NaN)?.message).toBe('expected a finite number in 0..1, got NaN');
    expect(probability.check(Number.POSITIVE_INFINITY)?.message).toBe('expected a finite number in 0..1, got Infinity');
    expect(probability.check(1)).toBeUndefined();
    expect(probability.check(1.0000001)?.message).toBe('expected a finite number in 0..1, got 1.0000001');
    // 2^53 is the first integer a double cannot tell from its neighbour.
    expect(int().check(2 ** 53 - 1)).toBeUndefined();
    expect(int().check(2 ** 53)?.message).toBe('expected an integer, got 9007199254740992');
    expect(int({ min: 1 }).check(0)?.message).toBe('expected an integer ≥ 1, got 0');
  });

  it('checks string length and pattern, naming the bounds that failed', () => {
    const code = string({ minLength: 2, maxLength: 3 });
    expect(code.check('a')?.message).toBe('expected a string of 2 to 3 characters, got "a"');
    expect(code.check('abcd')?.message).toBe('expected a string of 2 to 3 characters, got "abcd"');
    expect(code.check('abc')).toBeUndefined();
    expect(code.check('ab')).toBeUndefined();
    expect(string({ minLength: 2 }).check('a')?.message).toBe('expected a string of at least 2 characters, got "a"');
    expect(string({ minLength: 1 }).check('')?.message).toBe('expected a non-empty string, got ""');
    expect(string({ minLength: 3, maxLength: 3 }).check('ab')?.message).toBe('expected a string of exactly 3 characters, got "ab"');
    expect(string().check('x'.repeat(100))).toBeUndefined();
    expect(string({ maxLength: 1 }).check('y'.repeat(100))?.message).toBe(`expected a string of at most 1 character, got "${'y'.repeat(40)}…"`);
    expect(string({ pattern: /^[a-z]+$/ }).check('A')?.message).toBe('expected a string matching /^[a-z]+$/, got "A"');
    // A caller's own description stands for every rule it gives.
    expect(string({ minLength: 2, expected: 'a currency pair' }).check('a')?.message).toBe('expected a currency pair, got "a"');
  });

  it('matches literals, booleans and unions', () => {
    const value = union(number(), string(), boolean());
    expect(value.check(true)).toBeUndefined();
    expect(value.check(null)?.message).toBe('expected a finite number or a string or a boolean, got null');
    expect(literal(2).check(2)).toBeUndefined();
    expect(literal('v').check('w')?.message).toBe('expected "v", got "w"');
  });

  it('enforces array and record sizes', () => {
    expect(array(int(), { minLength: 1 }).check([])?.message).toBe('expected at least 1 item(s), got 0');
    expect(array(int(), { maxLength: 1 }).check([1, 2])?.message).toBe('expected at most 1 item(s), got 2');
    expect(record(int(), { minEntries: 1 }).check({})?.message).toBe('expected at least 1 entry, got 0');
    expect(record(int(), { keyPattern: /^[a-z]+$/, keyExpected: 'a lower-case name' }).check({ Bad: 1 })?.message).toBe(
      'expected a lower-case name, got key "Bad"',
    );
  });

  it('runs a refinement only on values the base schema accepted, with its own path', () => {
    const range = refine(object({ low: number(), high: number() }), (value) =>
      value.low > value.high ? { path: ['low'], message: `must not be above high (${value.low} > ${value.high})` } : undefined,
    );
    expect(reasonOf(validate(range, { low: 2, high: 1 }, 'payload'))).toBe('payload.low: must not be above high (2 > 1)');
    expect(reasonOf(validate(range, { low: 'x', high: 1 }))).toBe('low: expected a finite number, got "x"');
    expect(validate(range, { low: 1, high: 2 }).ok).toBe(true);
  });

  it('throws a TypeError with the reason from assertValid', () => {
    expect(() => assertValid(order, { ...validOrder, side: 'hold' }, 'order')).toThrow(new TypeError('order.side: expected one of buy, sell, got "hold"'));
    expect(assertValid(order, validOrder)).toBe(validOrder);
  });
});

describe('optional and nullable together', () => {
  it('accepts null, undefined and the inner value when both wrap a schema', () => {
    const maybe = object({ note: optional(nullable(string())) });
    expect(maybe.check({})).toBeUndefined();
    expect(maybe.check({ note: null })).toBeUndefined();
    expect(maybe.check({ note: 'x' })).toBeUndefined();
    expect(maybe.check({ note: 1 })?.message).toBe('expected a string, got 1');
  });
});
