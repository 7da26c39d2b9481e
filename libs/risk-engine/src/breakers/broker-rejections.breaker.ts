// A burst of broker rejections (N within a window) means something is wrong
// with the account or the connection: HALTED until a person resumes.
import type { RiskLimits } from '../limits.config';
import type { RiskMemory } from '../state/risk-memory';
import { trip } from './breaker-trips';

export function recordBrokerRejection(memory: RiskMemory, time: number, detail: string, limits: RiskLimits): void {
  const since = time - limits.breakers.brokerRejectionWindowMs;
  memory.rejectionTimes = [...memory.rejectionTimes.filter((t) => t > since), time];
  if (memory.rejectionTimes.length >= limits.breakers.brokerRejections) {
    const count = memory.rejectionTimes.length;
    memory.rejectionTimes = [];
    trip(memory, {
      breaker: 'BROKER_REJECTIONS',
      state: 'HALTED',
      reason: `${count} broker rejections within ${limits.breakers.brokerRejectionWindowMs} ms (latest: ${detail})`,
      since: time,
      until: null,
      latched: true,
    });
  }
}
