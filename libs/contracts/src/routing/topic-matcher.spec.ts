import { topicMatches } from './topic-matcher';

describe('topicMatches (AMQP topic semantics)', () => {
  it.each([
    // exact words
    ['market.bar.H1.EURUSD', 'market.bar.H1.EURUSD', true],
    ['market.bar.H1.EURUSD', 'market.bar.H1.GBPUSD', false],
    ['market.bar', 'market.bar.H1', false],
    // * is exactly one word
    ['market.bar.*.EURUSD', 'market.bar.H1.EURUSD', true],
    ['market.bar.*.EURUSD', 'market.bar.EURUSD', false],
    ['market.bar.*.EURUSD', 'market.bar.H1.x.EURUSD', false],
    ['*', 'signal', true],
    ['*', 'signal.x', false],
    ['*', '', false],
    ['*.*', 'a.b', true],
    // # at the end: zero or more words
    ['signal.#', 'signal', true],
    ['signal.#', 'signal.ml', true],
    ['signal.#', 'signal.ml.EURUSD', true],
    ['signal.#', 'signals.ml', false],
    // # at the start
    ['#.EURUSD', 'EURUSD', true],
    ['#.EURUSD', 'market.bar.H1.EURUSD', true],
    ['#.EURUSD', 'market.bar.H1.EURUSD.x', false],
    // # in the middle
    ['market.#.EURUSD', 'market.EURUSD', true],
    ['market.#.EURUSD', 'market.bar.H1.EURUSD', true],
    ['market.#.EURUSD', 'market.bar.H1.GBPUSD', false],
    // # alone and combined
    ['#', '', true],
    ['#', 'a.b.c', true],
    ['#.#', 'a', true],
    ['#.*', '', false],
    ['#.*', 'a', true],
    ['*.#', 'a.b.c', true],
    ['a.#.b.#.c', 'a.b.c', true],
    ['a.#.b.#.c', 'a.x.b.y.z.c', true],
    ['a.#.b.#.c', 'a.x.y.c', false],
    ['#.a.*', 'x.a.a.a', true],
    ['#.a.#.a', 'a.b.a', true],
    // backtracking: # must not stop at the first matching word
    ['#.a.b', 'a.a.b', true],
    ['#.a.b', 'a.b.a.b', true],
    ['#.a.b', 'a.b.a', false],
    // empty words are words
    ['a..b', 'a..b', true],
    ['a.*.b', 'a..b', true],
    ['a.#.b', 'a..b', true],
    ['a.b', 'a..b', false],
    ['*', '.', false],
    ['*.*', '.', true],
    ['', '', true],
    ['', 'a', false],
    // wildcards in the topic are plain words
    ['a.b', 'a.*', false],
    ['a.*', 'a.*', true],
    ['a.#', 'a.#', true],
  ])('pattern %j against topic %j → %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });

  it('agrees with a brute-force definition on random patterns and topics', () => {
    // Reference: recursive reading of the AMQP definition.
    const reference = (p: string[], t: string[]): boolean => {
      if (p.length === 0) return t.length === 0;
      if (p[0] === '#') return reference(p.slice(1), t) || (t.length > 0 && reference(p, t.slice(1)));
      if (t.length === 0) return false;
      return (p[0] === '*' || p[0] === t[0]) && reference(p.slice(1), t.slice(1));
    };
    const words = (key: string): string[] => (key === '' ? [] : key.split('.'));
    let state = 12345;
    const next = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const pick = <T>(items: readonly T[]): T => items[next(items.length)];
    for (let i = 0; i < 3000; i += 1) {
      const pattern = Array.from({ length: next(5) }, () => pick(['a', 'b', '*', '#', ''])).join('.');
      const topic = Array.from({ length: next(6) }, () => pick(['a', 'b', ''])).join('.');
      expect([pattern, topic, topicMatches(pattern, topic)]).toEqual([pattern, topic, reference(words(pattern), words(topic))]);
    }
  });
});
