import { AlignedClosesWindow } from './aligned-closes.window';

describe('AlignedClosesWindow', () => {
  it('keeps only the times every symbol closed a bar at', () => {
    const window = new AlignedClosesWindow(['EURUSD', 'GBPUSD'], 10);
    window.push(0, 1000, 1.1);
    window.push(1, 1000, 1.3);
    window.push(0, 2000, 1.21); // GBPUSD skips 2000: the row is dropped
    window.push(0, 3000, 1.21);
    window.push(1, 3000, 1.43);
    expect(window.rows).toBe(2);
    const history = window.history();
    expect(history?.symbols).toEqual(['EURUSD', 'GBPUSD']);
    expect(history?.length).toBe(1);
    expect(history?.returns[0]).toBeCloseTo(0.1, 12);
    expect(history?.returns[1]).toBeCloseTo(0.1, 12);
  });

  it('keeps the latest capacity closes, oldest first', () => {
    const window = new AlignedClosesWindow(['EURUSD'], 3);
    [1, 2, 4, 8, 4].forEach((close, t) => window.push(0, t, close));
    const history = window.history();
    // Closes 4, 8, 4: returns +100% then -50%.
    expect(Array.from(history?.returns ?? [])).toEqual([1, -0.5]);
  });

  it('has no history before two aligned rows, and rebuilds it only after a new row', () => {
    const window = new AlignedClosesWindow(['EURUSD'], 5);
    window.push(0, 0, 1);
    expect(window.history()).toBeNull();
    window.push(0, 1, 2);
    const first = window.history();
    expect(window.history()).toBe(first);
    window.push(0, 2, 3);
    expect(window.history()).not.toBe(first);
  });

  it('refuses a capacity that holds no return', () => {
    expect(() => new AlignedClosesWindow(['EURUSD'], 1)).toThrow('the close window needs a whole capacity >= 2, got 1');
  });
});
