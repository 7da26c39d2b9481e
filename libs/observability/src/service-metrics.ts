// One Prometheus registry per service (never the global one, so two services in
// the embedded process do not collide), labelled with the service name, with
// get-or-create helpers so a handler can ask for its counter every time.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';

export interface ServiceMetricsOptions {
  readonly service: string;
  /** Process metrics (CPU, memory, event loop lag, GC). On by default; the embedded run turns them on for one service only. */
  readonly defaultMetrics?: boolean;
}

export interface MetricSpec<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
}

export interface HistogramSpec<L extends string> extends MetricSpec<L> {
  readonly buckets?: readonly number[];
}

/** Latency buckets in seconds, 0.5 ms to 10 s. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(readonly options: ServiceMetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = never>(spec: MetricSpec<L>): Counter<L> {
    return this.getOrCreate(spec, 'counter', () => new Counter<L>({ ...this.base(spec) }));
  }

  gauge<L extends string = never>(spec: MetricSpec<L>): Gauge<L> {
    return this.getOrCreate(spec, 'gauge', () => new Gauge<L>({ ...this.base(spec) }));
  }

  histogram<L extends string = never>(spec: HistogramSpec<L>): Histogram<L> {
    return this.getOrCreate(spec, 'histogram', () => new Histogram<L>({ ...this.base(spec), buckets: [...(spec.buckets ?? LATENCY_BUCKETS_SECONDS)] }));
  }

  /** Prometheus text exposition of every metric of this service. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private base<L extends string>(spec: MetricSpec<L>) {
    if (!METRIC_NAME.test(spec.name)) throw new Error(`metric name "${spec.name}" is not a valid Prometheus name`);
    return { name: spec.name, help: spec.help, labelNames: [...(spec.labelNames ?? [])] as L[], registers: [this.registry] };
  }

  private getOrCreate<M extends Metric<string>>(spec: MetricSpec<string>, type: string, create: () => M): M {
    const existing = this.registry.getSingleMetric(spec.name);
    if (existing === undefined) return create();
    const { type: existingType, labelNames } = existing as unknown as { type?: string; labelNames?: readonly string[] };
    if (existingType !== type) throw new Error(`metric ${spec.name} already exists as a ${existingType ?? 'different type'}, not a ${type}`);
    const wanted = [...(spec.labelNames ?? [])].sort().join(',');
    if ([...(labelNames ?? [])].sort().join(',') !== wanted) {
      throw new Error(`metric ${spec.name} already exists with labels [${(labelNames ?? []).join(', ')}], not [${wanted}]`);
    }
    return existing as unknown as M;
  }
}
