import { RollingWindow } from './rolling-window';

describe('RollingWindow', () => {
  it('hands back NaN while filling, then the value that fell out', () => {
    const window = new RollingWindow(3);
    expect([1, 2, 3, 4, 5, 6, 7].map((x) => window.push(x))).toEqual([NaN, NaN, NaN, 1, 2, 3, 4]);
  });

  it('counts its values up to the capacity and is full from the push that reaches it', () => {
    const window = new RollingWindow(2);
    const seen: [number, boolean][] = [];
    for (const x of [10, 20, 30]) {
      window.push(x);
      seen.push([window.size, window.full]);
    }
    expect(seen).toEqual([
      [1, false],
      [2, true],
      [2, true],
    ]);
  });

  it('is wrapped right after each push that completes a turn of the ring, and only then', () => {
    const window = new RollingWindow(3);
    expect(window.wrapped).toBe(false);
    const wrapped = [1, 2, 3, 4, 5, 6, 7].map((x) => {
      window.push(x);
      return window.wrapped;
    });
    expect(wrapped).toEqual([false, false, true, false, false, true, false]);
  });

  it('a window of one is full and wrapped after every push and hands back the previous value', () => {
    const window = new RollingWindow(1);
    expect(window.push(4)).toBeNaN();
    expect([window.size, window.full, window.wrapped, window.at(0)]).toEqual([1, true, true, 4]);
    expect(window.push(5)).toBe(4);
    expect(window.at(0)).toBe(5);
  });

  it('reads values by age across the seam of the ring', () => {
    const window = new RollingWindow(3);
    [1, 2, 3, 4, 5].forEach((x) => window.push(x));
    // Ring [4, 5, 3], head at slot 2: age 0 is slot 1, age 1 slot 0, age 2 slot 2.
    expect([window.at(0), window.at(1), window.at(2)]).toEqual([5, 4, 3]);
  });

  it('sums only the values it holds, before and after it is full', () => {
    const window = new RollingWindow(4);
    expect(window.sum()).toBe(0);
    window.push(1);
    window.push(2);
    expect(window.sum()).toBe(3);
    [4, 8, 16].forEach((x) => window.push(x));
    expect(window.sum()).toBe(2 + 4 + 8 + 16);
  });

  it('sums oldest first, the order TA-Lib adds in', () => {
    // Above 2^53 doubles are 2 apart. Oldest first: 2^53 + 1 rounds (to even) back to 2^53,
    // twice, and - 2^53 leaves 0. Newest first: -2^53 + 1 + 1 is exact, and + 2^53 leaves 2.
    const window = new RollingWindow(4);
    [2 ** 53, 1, 1, -(2 ** 53)].forEach((x) => window.push(x));
    expect(window.sum()).toBe(0);
  });

  it.each([0, -1, 1.5, NaN])('rejects a capacity of %d', (capacity) => {
    expect(() => new RollingWindow(capacity)).toThrow(`window capacity must be an integer >= 1, got ${capacity}`);
  });
});
