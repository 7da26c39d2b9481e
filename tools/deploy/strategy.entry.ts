// The three strategy services' rows: one library, one entry per strategy.
import {
  loadStrategyServiceConfig,
  STRATEGY_SERVICE_METRIC_NAMES,
  strategyServiceEnvironmentVariables,
  StrategyServiceMetrics,
  type StrategyServiceName,
} from '@trading/strategy-service';
import { serviceCodeFacts, type ServiceDeployment } from './service-deployment';
import { shapeOf } from './service-shapes';

export function strategyDeployment(strategy: StrategyServiceName): ServiceDeployment {
  const shape = shapeOf(`strategy-${strategy}`);
  return {
    ...shape,
    code: serviceCodeFacts(shape.name, {
      environmentVariables: strategyServiceEnvironmentVariables(),
      load: (environment) => loadStrategyServiceConfig(strategy, environment),
      httpPort: (config) => config.httpPort,
      metricNames: STRATEGY_SERVICE_METRIC_NAMES,
      metricListName: 'STRATEGY_SERVICE_METRIC_NAMES',
      registerMetrics: (metrics) => new StrategyServiceMetrics(metrics, strategy),
      // Every series carries the strategy's name; the catalog joins the three entries' values.
      labelValues: Object.fromEntries(STRATEGY_SERVICE_METRIC_NAMES.map((metric) => [metric, { strategy: [strategy] }])),
    }),
  };
}
