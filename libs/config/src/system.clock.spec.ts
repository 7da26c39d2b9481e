import { SystemClock } from './system.clock';

describe('SystemClock', () => {
  it('reads the wall clock in UTC epoch milliseconds', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    const after = Date.now();
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });
});
