// The table the deployment checks run over: one ServiceDeployment per service
// the system deploys. Its shape (names, files, scaling, what it must be given)
// is what the deployment promises; its code facts are what the service's own
// modules say (variables, port, metrics), gathered from the real code by
// `serviceCodeFacts`, so the checks compare files with code, not with a copy.
import { ConfigError } from '@trading/config';
import { ServiceMetrics } from '@trading/observability';
import type { DeploymentFiles } from './deployment-files';

/** How many pods a service runs and how they are replaced. */
export type Scaling =
  /** One pod, replaced by stopping it first (`Recreate`): the service owns state or a feed that two pods would duplicate. */
  | { readonly kind: 'single' }
  /** A HorizontalPodAutoscaler (autoscaling/v2) on CPU owns the replica count. */
  | { readonly kind: 'autoscaled'; readonly minReplicas: number; readonly maxReplicas: number };

/** A variable whose value is another service's HTTP address. */
export interface Upstream {
  readonly variable: string;
  readonly service: string;
}

/** What the deployment files promise for one service, independent of its code. */
export interface ServiceShape {
  /** The compose service, the k8s Deployment, its container and Service, and the Prometheus job are all named this. */
  readonly name: string;
  /** The container's arguments to the image's `trading` entrypoint. */
  readonly args: readonly string[];
  /** The k8s manifest holding its Deployment, Service (and HPA). */
  readonly k8sManifest: string;
  /** Its own ConfigMap (besides the shared trading-config). */
  readonly configMap: string;
  /** The Grafana dashboard that charts every metric it registers (one may serve several services). */
  readonly dashboard: string;
  /** The alert-rules.yml groups about it (one may serve several services). */
  readonly alertGroups: readonly string[];
  readonly scaling: Scaling;
  /**
   * Variables a deployment must set although the code has a default: without
   * them it would run on an in-process bus or an embedded database, alone.
   */
  readonly mustSet: readonly string[];
  /** Compose services it waits for healthy (or, for one-shots, completed). */
  readonly composeWaitsFor: readonly string[];
  readonly upstreams: readonly Upstream[];
}

/** What the code says, gathered from the real modules. */
export interface CodeFacts {
  readonly service: string;
  /** The service's exported list of every variable it reads. */
  readonly environmentVariables: readonly string[];
  /** Variables the config schema requires and has no default for. */
  readonly requiredVariables: readonly string[];
  /** Loads the service's config from an environment the way it boots; throws the boot error. */
  readonly readSettings: (environment: Readonly<Record<string, string>>) => { readonly httpPort: number };
  /** The exported metric-name list, and its name for messages. */
  readonly metricNames: readonly string[];
  readonly metricListName: string;
  /** Every series name the service's registry exposes (histogram `_bucket`/`_sum`/`_count` included) → its label names. */
  readonly series: ReadonlyMap<string, readonly string[]>;
  /** Series → label → every value the code can give it, where the code enumerates them. */
  readonly labelValues: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

export interface ServiceDeployment extends ServiceShape {
  readonly code: CodeFacts;
  /** Checks only this service needs (market-data: the replayed files are in the image). */
  readonly extraChecks?: (files: DeploymentFiles) => string[];
}

/** The usual shape: `trading serve <name>`, k8s/<name>.yaml, <name>-config, its own dashboard and alert group. */
export function serviceShape(name: string, rest: Pick<ServiceShape, 'scaling' | 'mustSet' | 'composeWaitsFor'> & Partial<ServiceShape>): ServiceShape {
  return {
    name,
    args: ['serve', name],
    k8sManifest: `k8s/${name}.yaml`,
    configMap: `${name}-config`,
    dashboard: `deploy/grafana/dashboards/${name}.json`,
    alertGroups: [name],
    upstreams: [],
    ...rest,
  };
}

export interface CodeSource<C> {
  readonly environmentVariables: readonly string[];
  /** The service's own config loader (throws ConfigError on a bad environment). */
  readonly load: (environment: Readonly<Record<string, string | undefined>>) => C;
  readonly httpPort: (config: C) => number;
  readonly metricNames: readonly string[];
  readonly metricListName: string;
  /** Registers the service's metrics on a fresh registry, as the service does at boot. */
  readonly registerMetrics: (metrics: ServiceMetrics) => void;
  /** Metric → label → the values the code enumerates. */
  readonly labelValues?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A service's code facts from its exported constants; an entry in service-entries.ts is one call of this. */
export function serviceCodeFacts<C>(service: string, source: CodeSource<C>): CodeFacts {
  return {
    service,
    environmentVariables: [...source.environmentVariables],
    requiredVariables: requiredVariables(source.load),
    readSettings: (environment) => ({ httpPort: source.httpPort(source.load(environment)) }),
    metricNames: [...source.metricNames],
    metricListName: source.metricListName,
    series: registeredSeries(service, source.registerMetrics),
    labelValues: new Map(Object.entries(source.labelValues ?? {}).map(([metric, labels]) => [metric, new Map(Object.entries(labels))])),
  };
}

/** A variable is required when an empty environment makes the boot fail on it. */
export function requiredVariables(load: (environment: Readonly<Record<string, string | undefined>>) => unknown): string[] {
  try {
    load({});
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
export function registeredSeries(service: string, register: (metrics: ServiceMetrics) => void): Map<string, readonly string[]> {
  const metrics = new ServiceMetrics({ service });
  register(metrics);
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
