// market-data's row of the table: its code facts from its exported constants,
// and the checks only it needs (the bar files it replays are in the image).
import { FINDING_KINDS } from '@trading/data-sources';
import { ManualClock } from '@trading/domain';
import { loadMarketDataConfig, MARKET_DATA_METRIC_NAMES, marketDataEnvironmentVariables, MarketDataMetrics, splitFileList } from '@trading/market-data-service';
import { checkFeedFiles } from './market-data-checks';
import { serviceCodeFacts, type ServiceDeployment } from './service-deployment';
import { shapeOf } from './service-shapes';

/** The bar files a market-data environment replays (throws the boot error on a bad one). */
export function marketDataFeedFiles(environment: Readonly<Record<string, string>>): readonly string[] {
  return splitFileList(loadMarketDataConfig(environment).feed.files);
}

export function marketDataDeployment(): ServiceDeployment {
  const shape = shapeOf('market-data');
  return {
    ...shape,
    code: serviceCodeFacts(shape.name, {
      environmentVariables: marketDataEnvironmentVariables(),
      load: loadMarketDataConfig,
      httpPort: (config) => config.httpPort,
      metricNames: MARKET_DATA_METRIC_NAMES,
      metricListName: 'MARKET_DATA_METRIC_NAMES',
      registerMetrics: (metrics) => new MarketDataMetrics(metrics, new ManualClock(0)),
      labelValues: { market_data_findings_total: { kind: FINDING_KINDS } },
    }),
    extraChecks: (files) => checkFeedFiles(files, shape, marketDataFeedFiles),
  };
}
