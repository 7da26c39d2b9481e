import { MonotonicDeque } from './monotonic-deque';

const pushAll = (deque: MonotonicDeque, xs: number[]): number[] => xs.map((x) => deque.push(x));

describe('MonotonicDeque', () => {
  it('returns the maximum of the last `window` pushes, forgetting a maximum exactly when it leaves', () => {
    // Windows of 3: [9], [9,1], [9,1,2], [1,2,0], [2,0,0], [0,0,5], [0,5,1], [5,1,1], [1,1,1].
    expect(pushAll(new MonotonicDeque(3, true), [9, 1, 2, 0, 0, 5, 1, 1, 1])).toEqual([9, 9, 9, 2, 2, 5, 5, 5, 1]);
  });

  it('returns the minimum when it keeps the minimum', () => {
    // Windows of 3: [1], [1,9], [1,9,8], [9,8,10], [8,10,7], [10,7,7], [7,7,12], [7,12,12].
    expect(pushAll(new MonotonicDeque(3, false), [1, 9, 8, 10, 7, 7, 12, 12])).toEqual([1, 1, 1, 8, 7, 7, 7, 7]);
  });

  it('keeps a falling run for a maximum as candidates and walks them in turn', () => {
    // Every value is a candidate (each beats all later ones): the front leaves once per push
    // after the window fills, and the stored candidates wrap around the ring.
    expect(pushAll(new MonotonicDeque(3, true), [9, 8, 7, 6, 5, 4, 3, 2])).toEqual([9, 9, 9, 8, 7, 6, 5, 4]);
    expect(pushAll(new MonotonicDeque(3, false), [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([1, 1, 1, 2, 3, 4, 5, 6]);
  });

  it('a new value that ties a candidate replaces it (visible with signed zeros)', () => {
    // 0 and -0 compare equal: the newer one replaces the older, so the window [0, -0] reports -0.
    const max = new MonotonicDeque(2, true);
    max.push(0);
    expect(Object.is(max.push(-0), -0)).toBe(true);
    const min = new MonotonicDeque(2, false);
    min.push(-0);
    expect(Object.is(min.push(0), 0)).toBe(true);
  });

  it('with a window of one returns each value', () => {
    expect(pushAll(new MonotonicDeque(1, true), [3, 1, 2])).toEqual([3, 1, 2]);
    expect(pushAll(new MonotonicDeque(1, false), [3, 1, 2])).toEqual([3, 1, 2]);
  });

  it('counts pushes, is full from the `window`-th, and has no extreme before the first', () => {
    const deque = new MonotonicDeque(2, true);
    expect([deque.pushed, deque.full, deque.extreme]).toEqual([0, false, NaN]);
    deque.push(4);
    expect([deque.pushed, deque.full, deque.extreme]).toEqual([1, false, 4]);
    deque.push(2);
    expect([deque.pushed, deque.full, deque.extreme]).toEqual([2, true, 4]);
    deque.push(1);
    expect([deque.pushed, deque.full, deque.extreme]).toEqual([3, true, 2]);
  });

  it.each([0, 2.5, NaN])('rejects a window of %d', (window) => {
    expect(() => new MonotonicDeque(window, true)).toThrow(`window must be an integer >= 1, got ${window}`);
  });
});
