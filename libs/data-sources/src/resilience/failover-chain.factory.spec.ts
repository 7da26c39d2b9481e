import { ManualClock, SeededRandom } from '@trading/domain';
import type { MarketDataSource } from '../sources/market-data-source.port';
import { SourceError } from '../sources/source.error';
import { barsBetween, sharedH1Bars2025 } from '../testing/shared-bars.fixture';
import { buildFailoverChain, PROVIDER_RESILIENCE } from './failover-chain.factory';
import { manualSleeper } from './sleeper';

describe('buildFailoverChain', () => {
  const eurusd = sharedH1Bars2025('EURUSD');
  const request = { symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 7, 5), to: Date.UTC(2025, 7, 6) } as const;

  it('guards each source with its own settings and asks them in the given order', async () => {
    const clock = new ManualClock(Date.UTC(2025, 7, 7));
    const down: MarketDataSource = {
      name: 'yahoo',
      fetchBars: async () => {
        throw new SourceError('yahoo', 'rejected', 'HTTP 422');
      },
    };
    const file: MarketDataSource = {
      name: 'file',
      fetchBars: async (r) => ({ source: 'file', bars: barsBetween(eurusd, r.from, r.to), dropped: [] }),
    };
    const chain = buildFailoverChain(
      [
        { source: down, settings: PROVIDER_RESILIENCE.yahoo },
        { source: file, settings: PROVIDER_RESILIENCE.file },
      ],
      { clock, random: new SeededRandom(3), sleep: manualSleeper(clock) },
    );
    const result = await chain.failover.fetchBars(request);
    expect(result.source).toBe('file');
    expect(result.bars).toHaveLength(24);
    expect(chain.members.map((m) => m.name)).toEqual(['yahoo', 'file']);
  });
});
