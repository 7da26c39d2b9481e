// Gathers what the market-data code says about its deployment (the variables it
// reads, which are required, how it parses them, the metrics it registers) from
// the real modules, so the deployment checks compare files with code, not with
// a copy of it.
import { ConfigError, loadConfig } from '@trading/config';
import { FINDING_KINDS } from '@trading/data-sources';
import { ManualClock } from '@trading/domain';
import {
  loadMarketDataConfig,
  MARKET_DATA_METRIC_NAMES,
  marketDataConfigSchema,
  marketDataEnvironmentVariables,
  MarketDataMetrics,
  splitFileList,
} from '@trading/market-data-service';
import { ServiceMetrics } from '@trading/observability';
import type { CodeFacts } from './deployment-checks';

export function marketDataCodeFacts(): CodeFacts {
  return {
    service: 'market-data',
    environmentVariables: marketDataEnvironmentVariables(),
    requiredVariables: requiredVariables(),
    readSettings: (environment) => {
      const config = loadMarketDataConfig(environment);
      return { httpPort: config.httpPort, feedFiles: splitFileList(config.feed.files) };
    },
    metricNames: [...MARKET_DATA_METRIC_NAMES],
    series: registeredSeries(),
    labelValues: new Map([['market_data_findings_total', new Map([['kind', [...FINDING_KINDS]]])]]),
  };
}

/** A variable is required when an empty environment makes the boot fail on it. */
function requiredVariables(): string[] {
  try {
    loadConfig(marketDataConfigSchema, {});
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.filter((issue) => issue.problem.startsWith('required')).map((issue) => issue.variable);
  }
}

interface RegisteredMetric {
  readonly name: string;
  readonly type: string;
  readonly labelNames?: readonly string[];
}

/** The series names a scrape of the service shows, with their labels, from the registry the service builds. */
function registeredSeries(): Map<string, readonly string[]> {
  const metrics = new ServiceMetrics({ service: 'market-data' });
  new MarketDataMetrics(metrics, new ManualClock(0));
  const series = new Map<string, readonly string[]>();
  for (const metric of metrics.registry.getMetricsAsArray() as unknown as RegisteredMetric[]) {
    const labels = [...(metric.labelNames ?? [])];
    if (metric.type === 'histogram') {
      series.set(`${metric.name}_bucket`, [...labels, 'le']);
      series.set(`${metric.name}_sum`, labels);
      series.set(`${metric.name}_count`, labels);
    } else if (metric.type === 'summary') {
      series.set(metric.name, [...labels, 'quantile']);
      series.set(`${metric.name}_sum`, labels);
      series.set(`${metric.name}_count`, labels);
    } else {
      series.set(metric.name, labels);
    }
  }
  return series;
}
