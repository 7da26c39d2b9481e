// What the deployment promises for each service, one line of intent each: how
// it scales, what it must be given, what it waits for. The checks hold the
// compose file, the k8s manifests, Prometheus and Grafana to these, and (once
// the service has an entry in service-entries.ts) to the service's code.
import { serviceShape, type ServiceShape } from './service-deployment';

const INFRASTRUCTURE = ['rabbitmq-definitions', 'postgres'];

/** The three strategy services: same library, same image, one Deployment and one HPA each. */
export const STRATEGY_SERVICES = ['strategy-scalping', 'strategy-intraday', 'strategy-swing'] as const;

export const SERVICE_SHAPES: readonly ServiceShape[] = [
  // One feed: two would publish every bar twice.
  serviceShape('market-data', { scaling: { kind: 'single' }, mustSet: ['AMQP_URL', 'DATABASE_URL', 'REDIS_URL', 'MARKET_DATA_FILES'], composeWaitsFor: [...INFRASTRUCTURE, 'redis'] }),
  // The single authority over the portfolio: its desk is in memory, rebuilt from its journal at start;
  // a first start reads its market history from market-data (VaR and correlation need it at once).
  serviceShape('risk', {
    scaling: { kind: 'single' },
    mustSet: ['AMQP_URL', 'DATABASE_URL', 'MARKET_DATA_URL'],
    composeWaitsFor: [...INFRASTRUCTURE, 'market-data'],
    upstreams: [{ variable: 'MARKET_DATA_URL', service: 'market-data' }],
  }),
  // The paper venue's book is in memory, rebuilt from its journal at start.
  serviceShape('order-execution', { scaling: { kind: 'single' }, mustSet: ['AMQP_URL', 'DATABASE_URL', 'BROKER'], composeWaitsFor: INFRASTRUCTURE }),
  ...STRATEGY_SERVICES.map((name) =>
    serviceShape(name, {
      // Their queues are single-active-consumer: extra replicas are warm standbys, not more throughput.
      scaling: { kind: 'autoscaled', minReplicas: 1, maxReplicas: 4 },
      mustSet: ['AMQP_URL', 'MARKET_DATA_URL'],
      composeWaitsFor: ['rabbitmq-definitions', 'market-data'],
      dashboard: 'deploy/grafana/dashboards/strategies.json',
      alertGroups: ['strategies'],
      upstreams: [{ variable: 'MARKET_DATA_URL', service: 'market-data' }],
    }),
  ),
];

export function shapeOf(name: string): ServiceShape {
  const shape = SERVICE_SHAPES.find((entry) => entry.name === name);
  if (shape === undefined) throw new Error(`tools/deploy/service-shapes.ts: no shape for service "${name}"`);
  return shape;
}
