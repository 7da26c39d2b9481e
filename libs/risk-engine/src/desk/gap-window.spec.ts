// The typical close-to-next-open gap: the mean absolute gap of the last
// `size` bars, 0 before there is one.
import { GapWindow } from './gap-window';

describe('gap window', () => {
  it('has no gap before the second bar, then averages the absolute gaps', () => {
    const window = new GapWindow(3);
    expect(window.mean).toBe(0);
    window.push(1.0, 1.5);
    expect(window.mean).toBe(0);
    window.push(1.75, 2); // gap 0.25
    window.push(1.5, 1.5); // gap 0.5
    expect(window.mean).toBe(0.375);
  });

  it('keeps the last `size` gaps only', () => {
    const window = new GapWindow(2);
    window.push(1, 1);
    window.push(2, 2); // gap 1
    window.push(2.5, 2.5); // gap 0.5
    window.push(2.75, 2.75); // gap 0.25: the gap of 1 leaves
    expect(window.mean).toBe(0.375);
    window.push(2.75, 3); // gap 0
    expect(window.mean).toBe(0.125);
  });

  it('holds 100 gaps by default, and refuses a size that holds none or is not whole', () => {
    expect(new GapWindow().size).toBe(100);
    expect(new GapWindow(1).size).toBe(1);
    expect(() => new GapWindow(0)).toThrow('the gap window needs a whole size >= 1, got 0');
    expect(() => new GapWindow(1.5)).toThrow('the gap window needs a whole size >= 1, got 1.5');
  });
});
