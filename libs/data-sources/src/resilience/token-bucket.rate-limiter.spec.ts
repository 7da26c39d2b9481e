import { ManualClock } from '@trading/domain';
import { manualSleeper, type Sleeper } from './sleeper';
import { TokenBucketRateLimiter } from './token-bucket.rate-limiter';

describe('TokenBucketRateLimiter', () => {
  it('lets a burst through at once, then refuses until tokens refill', () => {
    const clock = new ManualClock(0);
    const limiter = new TokenBucketRateLimiter({ requests: 3, perMs: 3000 }, clock, manualSleeper(clock));
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, true, false]);
    expect(limiter.waitTimeMs()).toBe(1000);
    clock.advance(999);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('spaces waiting callers by the refill interval, in arrival order', async () => {
    const clock = new ManualClock(0);
    const sleep = manualSleeper(clock);
    const limiter = new TokenBucketRateLimiter({ requests: 60, perMs: 60_000, burst: 1 }, clock, sleep);
    const granted: Array<[number, number]> = [];
    await Promise.all([1, 2, 3].map((id) => limiter.acquire().then(() => granted.push([id, clock.now()]))));
    expect(granted).toEqual([
      [1, 0],
      [2, 1000],
      [3, 2000],
    ]);
    expect(sleep.waits).toEqual([1000, 1000]);
  });

  it('never stores more than the burst however long it was idle', () => {
    const clock = new ManualClock(0);
    const limiter = new TokenBucketRateLimiter({ requests: 5, perMs: 60_000, burst: 2 }, clock, manualSleeper(clock));
    clock.advance(3_600_000);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, false]);
  });

  it('rejects an aborted waiter without blocking the next one', async () => {
    const clock = new ManualClock(0);
    const limiter = new TokenBucketRateLimiter({ requests: 1, perMs: 1000 }, clock, manualSleeper(clock));
    limiter.tryAcquire();
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('caller gave up');
    await limiter.acquire();
    expect(clock.now()).toBe(1000);
  });

  it('lets a waiter that aborts leave at once, while the caller ahead of it still waits for a token', async () => {
    const clock = new ManualClock(0);
    // A real wait: ends only when aborted.
    const blocked: Sleeper = (_ms, signal) => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    const limiter = new TokenBucketRateLimiter({ requests: 1, perMs: 60_000, burst: 1 }, clock, blocked);
    await limiter.acquire();
    void limiter.acquire();
    const controller = new AbortController();
    const behind = limiter.acquire(controller.signal);
    controller.abort(new Error('caller gave up'));
    await expect(behind).rejects.toThrow('caller gave up');
  }, 2000);

  it('names the bad setting', () => {
    const clock = new ManualClock(0);
    expect(() => new TokenBucketRateLimiter({ requests: 0, perMs: 1000 }, clock, manualSleeper(clock))).toThrow('requests > 0');
  });
});
