// risk's row of the table: its code facts from its exported constants.
import { ManualClock } from '@trading/domain';
import { TRADING_STATES } from '@trading/risk-engine';
import { loadRiskConfig, RISK_METRIC_NAMES, riskEnvironmentVariables, RiskMetrics } from '@trading/risk-service';
import { serviceCodeFacts, type ServiceDeployment } from './service-deployment';
import { shapeOf } from './service-shapes';

export function riskDeployment(): ServiceDeployment {
  const shape = shapeOf('risk');
  return {
    ...shape,
    code: serviceCodeFacts(shape.name, {
      environmentVariables: riskEnvironmentVariables(),
      load: loadRiskConfig,
      httpPort: (config) => config.httpPort,
      metricNames: RISK_METRIC_NAMES,
      metricListName: 'RISK_METRIC_NAMES',
      // Whatever the service constructs its metrics with at boot (a clock, a logger...).
      registerMetrics: (metrics) => new RiskMetrics(metrics, new ManualClock(0)),
      labelValues: { risk_trading_state: { state: TRADING_STATES } },
    }),
  };
}
