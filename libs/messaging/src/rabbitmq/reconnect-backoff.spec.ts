import { SeededRandom, type RandomSource } from '@trading/domain';
import { reconnectDelayMs } from './reconnect-backoff';

const fixed = (value: number): RandomSource => ({ nextFloat: () => value, nextUint32: () => Math.floor(value * 2 ** 32) });
const options = { initialDelayMs: 100, maxDelayMs: 5000 };

describe('reconnectDelayMs', () => {
  it('doubles the ceiling per failed attempt and keeps the delay between half the ceiling and the ceiling', () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelayMs(attempt, options, fixed(0)))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((attempt) => reconnectDelayMs(attempt, options, fixed(0.999999)))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum delay, however many attempts failed', () => {
    expect(reconnectDelayMs(10, options, fixed(0.999999))).toBe(5000);
    expect(reconnectDelayMs(1000, options, fixed(0))).toBe(2500);
  });

  it('spreads the delays of replicas that retry at the same attempt', () => {
    const random = new SeededRandom(3);
    const delays = new Set(Array.from({ length: 20 }, () => reconnectDelayMs(4, options, random)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(1600);
    }
  });

  it('rejects a negative attempt number', () => {
    expect(() => reconnectDelayMs(-1, options, fixed(0))).toThrow('attempt must be an integer >= 0, got -1');
  });
});
