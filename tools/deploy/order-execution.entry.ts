// order-execution's row of the table: its code facts from its exported constants.
import { ManualClock } from '@trading/domain';
import { loadOrderExecutionConfig, ORDER_EXECUTION_ENVIRONMENT_VARIABLES, ORDER_EXECUTION_METRIC_NAMES, OrderExecutionMetrics } from '@trading/order-execution-service';
import { serviceCodeFacts, type ServiceDeployment } from './service-deployment';
import { shapeOf } from './service-shapes';

export function orderExecutionDeployment(): ServiceDeployment {
  const shape = shapeOf('order-execution');
  return {
    ...shape,
    code: serviceCodeFacts(shape.name, {
      environmentVariables: ORDER_EXECUTION_ENVIRONMENT_VARIABLES,
      load: loadOrderExecutionConfig,
      httpPort: (config) => config.httpPort,
      metricNames: ORDER_EXECUTION_METRIC_NAMES,
      metricListName: 'ORDER_EXECUTION_METRIC_NAMES',
      registerMetrics: (metrics) => new OrderExecutionMetrics(metrics, new ManualClock(0)),
    }),
  };
}
