// AMQP topic-exchange matching, shared by the in-process bus and tests so both
// transports route identically: keys are words separated by ".", `*` matches
// exactly one word, `#` matches zero or more words, words may be empty ("a..b"),
// and the empty key has zero words (as RabbitMQ treats it).

/** A pattern split into words once, for matching many topics. */
export type CompiledPattern = readonly string[];

export function splitWords(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

export function compilePattern(pattern: string): CompiledPattern {
  return splitWords(pattern);
}

export function topicMatches(pattern: string, topic: string): boolean {
  // Every word of a key matches itself (`*` and `#` included), so equal strings always match.
  if (pattern === topic) return true;
  return matchWords(compilePattern(pattern), splitWords(topic));
}

/**
 * Greedy match with backtracking to the last `#` (the classic wildcard
 * algorithm with `*` as "one word" and `#` as "any run of words"): linear in
 * practice, O(pattern × topic) at worst, no recursion.
 */
export function matchWords(pattern: CompiledPattern, topic: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  let hashAt = -1;
  let resumeAt = 0;
  while (t < topic.length) {
    if (p < pattern.length && pattern[p] === '#') {
      hashAt = p;
      resumeAt = t;
      p += 1;
    } else if (p < pattern.length && (pattern[p] === '*' || pattern[p] === topic[t])) {
      p += 1;
      t += 1;
    } else if (hashAt >= 0) {
      // Let the last `#` swallow one more word and retry from there.
      p = hashAt + 1;
      resumeAt += 1;
      t = resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '#') p += 1;
  return p === pattern.length;
}
