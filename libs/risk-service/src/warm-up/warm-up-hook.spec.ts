// What the standalone risk service says while it warms up: the readiness check
// names the attempt that failed and the wait before the next, the metrics
// count failures and the bars read, and a start with no market-data URL is
// cold and says so in one warning.
import { type Bar, ManualClock, SeededRandom, type Timeframe } from '@trading/domain';
import { ServiceMetrics } from '@trading/observability';
import { capturedLogger } from '@trading/observability/testing';
import { DEFAULT_RISK_LIMITS } from '@trading/risk-engine';
import type { BarHistory } from '@trading/runtime';
import { readSharedBars, sharedData } from '@trading/test-support';
import { RiskMetrics } from '../risk-service.metrics';
import { warmUpHook } from './warm-up-hook';

const eurusd = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');
const startedAt = eurusd.time[300] + 60_000;

const capture = () => capturedLogger('risk');

/** EURUSD's file as /bars answers it, after `failures` refused calls. */
function history(failures: number): BarHistory {
  let left = failures;
  return {
    bars: async (symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]> => {
      if (left-- > 0) throw new Error('cannot reach market-data at http://market-data:9464/bars (connection refused)');
      const rows: Bar[] = [];
      for (let i = 0; i < eurusd.length; i++) {
        if (eurusd.time[i] >= from && eurusd.time[i] < to) rows.push({ symbol, timeframe, time: eurusd.time[i], open: eurusd.open[i], high: eurusd.high[i], low: eurusd.low[i], close: eurusd.close[i], volume: eurusd.volume[i], spread: eurusd.spread[i] });
      }
      return rows;
    },
  };
}

describe('the risk warm-up hook', () => {
  it('is not ready while it waits to retry, says why, counts the failures, then reports the bars it read', async () => {
    const { lines, logger } = capture();
    const metrics = new ServiceMetrics({ service: 'risk', defaultMetrics: false });
    const checks: string[] = [];
    let check = (): void => undefined;
    const hook = warmUpHook({
      config: { marketDataUrl: 'http://market-data:9464', marketDataTimeoutMs: 1_000, bars: 200 },
      symbols: ['EURUSD'],
      timeframe: 'H1',
      limits: DEFAULT_RISK_LIMITS,
      clock: new ManualClock(startedAt),
      logger,
      metrics: new RiskMetrics(metrics),
      random: new SeededRandom(1),
      history: history(2),
      sleep: async () => {
        try {
          check();
        } catch (error) {
          checks.push((error as Error).message);
        }
      },
    });
    check = () => hook.check();
    expect(() => hook.check()).not.toThrow();
    const envelopes = await hook.read();
    expect(envelopes).toHaveLength(200);
    expect(envelopes.at(-1)?.payload).toMatchObject({ symbol: 'EURUSD', time: eurusd.time[299] });
    expect(() => hook.check()).not.toThrow();
    expect(checks).toHaveLength(2);
    expect(checks[0]).toMatch(/^warm-up failed \(attempt 1\), retrying in \d+ ms: cannot reach market-data at http:\/\/market-data:9464\/bars \(connection refused\)$/);
    expect(checks[1]).toMatch(/^warm-up failed \(attempt 2\), retrying in \d+ ms: /);
    const exposition = await metrics.exposition();
    expect(exposition).toContain('risk_warmup_failures_total{service="risk"} 2');
    expect(exposition).toContain('risk_warmup_bars{symbol="EURUSD",service="risk"} 200');
    expect(lines.map((line) => line.message)).toEqual([
      'warming up from market history',
      'warm-up failed: market history unavailable, retrying',
      'warm-up failed: market history unavailable, retrying',
      'warmed up from market history',
    ]);
    expect(lines[3]).toMatchObject({ bars: { EURUSD: 200 }, until: new Date(startedAt).toISOString() });
  });

  it('warns when market-data holds fewer bars than asked for', async () => {
    const { lines, logger } = capture();
    const hook = warmUpHook({
      config: { marketDataUrl: 'http://market-data:9464', marketDataTimeoutMs: 1_000, bars: 501 },
      symbols: ['EURUSD'],
      timeframe: 'H1',
      limits: DEFAULT_RISK_LIMITS,
      clock: new ManualClock(startedAt),
      logger,
      random: new SeededRandom(1),
      history: history(0),
    });
    expect(await hook.read()).toHaveLength(300);
    expect(lines.find((line) => line.level === 'warn')).toMatchObject({ message: 'less market history than asked for: the desk warms up on what there is', symbol: 'EURUSD', bars: 300, asked: 501 });
  });

  it('starts cold without MARKET_DATA_URL or with RISK_WARMUP_BARS=0, naming which and the history VaR needs', async () => {
    for (const [config, reason] of [
      [{ marketDataUrl: undefined, marketDataTimeoutMs: 1_000, bars: 501 }, 'MARKET_DATA_URL is unset'],
      [{ marketDataUrl: 'http://market-data:9464', marketDataTimeoutMs: 1_000, bars: 0 }, 'RISK_WARMUP_BARS is 0'],
    ] as const) {
      const { lines, logger } = capture();
      const hook = warmUpHook({ config, symbols: ['EURUSD'], timeframe: 'H1', limits: DEFAULT_RISK_LIMITS, clock: new ManualClock(startedAt), logger, random: new SeededRandom(1) });
      expect(await hook.read()).toEqual([]);
      expect(() => hook.check()).not.toThrow();
      expect(lines).toHaveLength(1);
      // VaR's 250 returns need 251 closes (correlation's 100 fewer).
      expect(lines[0]).toMatchObject({ level: 'warn', message: 'first start with no market history: VaR and correlation refuse new exposure until the desk has seen enough bars', reason, barsNeeded: 251, timeframe: 'H1' });
    }
  });
});
