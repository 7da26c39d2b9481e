import { ServiceMetrics } from '@trading/observability';
import { STRATEGY_SERVICE_METRIC_NAMES, StrategyServiceMetrics } from './strategy-service.metrics';

describe('strategy service metrics', () => {
  it('registers exactly the metrics its name list gives the deployment checks, each labelled with the strategy', async () => {
    const metrics = new ServiceMetrics({ service: 'strategy-swing', defaultMetrics: false });
    const swing = new StrategyServiceMetrics(metrics, 'swing');
    const names = (metrics.registry.getMetricsAsArray() as unknown as { name: string; labelNames: string[] }[]).map((metric) => [metric.name, metric.labelNames.includes('strategy')]);
    expect(names.map(([name]) => name).sort()).toEqual([...STRATEGY_SERVICE_METRIC_NAMES].sort());
    expect(names.every(([, labelled]) => labelled)).toBe(true);
    swing.barSkipped('stale');
    swing.readiness(true);
    const text = await metrics.exposition();
    expect(text).toContain('strategy_bars_skipped_total{strategy="swing",reason="stale",service="strategy-swing"} 1');
    expect(text).toContain('strategy_ready{strategy="swing",service="strategy-swing"} 1');
  });
});
