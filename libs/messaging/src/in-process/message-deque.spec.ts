import { MessageDeque } from './message-deque';

describe('MessageDeque', () => {
  it('returns items first in, first out, and undefined when empty', () => {
    const deque = new MessageDeque<number>();
    deque.push(1);
    deque.push(2);
    expect([deque.shift(), deque.shift(), deque.shift()]).toEqual([1, 2, undefined]);
    expect(deque.length).toBe(0);
  });

  it('puts an item back in front of the rest, also when nothing was shifted yet', () => {
    const deque = new MessageDeque<string>();
    deque.push('b');
    deque.unshift('a');
    deque.push('c');
    const first = deque.shift() as string;
    deque.unshift(first);
    expect([deque.shift(), deque.shift(), deque.shift()]).toEqual(['a', 'b', 'c']);
  });

  it('keeps order and length across the internal compaction of a long queue', () => {
    const deque = new MessageDeque<number>();
    for (let i = 0; i < 20_000; i += 1) deque.push(i);
    const out: number[] = [];
    for (let i = 0; i < 12_000; i += 1) out.push(deque.shift() as number);
    deque.unshift(out.pop() as number);
    expect(deque.length).toBe(8_001);
    for (let i = 20_000; i < 20_010; i += 1) deque.push(i);
    while (deque.length > 0) out.push(deque.shift() as number);
    expect(out).toEqual(Array.from({ length: 20_010 }, (_, i) => i));
  });
});
