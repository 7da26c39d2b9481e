// The broker-rejection breaker on its own memory: the latched trip it records,
// and the rejections it counted forgotten once it has tripped, so that after a
// resume it takes a new burst to trip again.
import { parseRiskLimits } from '../limits.config';
import { initialRiskMemory } from '../state/risk-memory';
import type { BreakerTrip } from '../state/trading-state';
import { recordBrokerRejection } from './broker-rejections.breaker';

const T = Date.UTC(2025, 6, 7, 12);
const limits = parseRiskLimits({ breakers: { brokerRejections: 2, brokerRejectionWindowMs: 1_000 } });

describe('broker rejections breaker', () => {
  it('records a latched HALTED trip and forgets the rejections it counted', () => {
    const memory = initialRiskMemory();
    recordBrokerRejection(memory, T, 'MARKET_CLOSED', limits);
    expect(memory.rejectionTimes).toEqual([T]);
    recordBrokerRejection(memory, T + 999, 'INSUFFICIENT_FUNDS', limits);
    expect(memory.trips).toEqual<BreakerTrip[]>([
      { breaker: 'BROKER_REJECTIONS', state: 'HALTED', reason: '2 broker rejections within 1000 ms (latest: INSUFFICIENT_FUNDS)', since: T + 999, until: null, latched: true },
    ]);
    expect(memory.rejectionTimes).toEqual([]);
  });
});
