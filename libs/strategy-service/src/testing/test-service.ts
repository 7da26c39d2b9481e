// A strategy service started as `trading run` would start it, on a bus the
// spec holds: its signals are collected from a tap queue, its log lines and
// metrics kept for assertions.
import { Writable } from 'node:stream';
import { type Envelope, patterns } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import { createLogger, ServiceMetrics } from '@trading/observability';
import { createStrategyService, type RunningStrategyService, type StrategyServiceDependencies } from '../create-strategy-service';
import type { BarHistory } from '@trading/runtime';
import type { StrategyServiceSettings } from '../strategy-service.config';

export interface TestService {
  readonly running: RunningStrategyService;
  readonly clock: ManualClock;
  /** Signals published, in order. */
  readonly signals: Envelope[];
  /** JSON log lines, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly metrics: ServiceMetrics;
  /** The value of a metric with these labels (0 when absent). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  readonly bus: MessageBus;
  readonly settings: StrategyServiceSettings;
  readonly history: BarHistory;
  /** Market time when the service starts (the end of its warm-up window). */
  readonly now: number;
  /** Tap queue of the signals; unique per test run on a shared broker. */
  readonly tapQueue?: string;
  readonly overrides?: Partial<StrategyServiceDependencies>;
}

export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const name = options.settings.definition.name;
  const signals: Envelope[] = [];
  const tap = await options.bus.consume({
    queue: options.tapQueue ?? `test-strategy-${name}.signals`,
    bindings: [patterns.signals({ strategy: name })],
    temporary: true,
    handler: async (message) => void signals.push(message.envelope),
  });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ service: `strategy-${name}`, level: 'debug', stream });
  const metrics = new ServiceMetrics({ service: `strategy-${name}`, defaultMetrics: false });
  const clock = new ManualClock(options.now);
  const running = createStrategyService({
    bus: options.bus,
    settings: options.settings,
    producer: `strategy-${name}`,
    clock,
    random: new SeededRandom(7),
    logger,
    metrics,
    history: options.history,
    retry: { firstDelayMs: 5, maxDelayMs: 20 },
    ...options.overrides,
  });
  return {
    running,
    clock,
    signals,
    logs,
    metrics,
    metric: async (metricName, labels = {}) => {
      const metric = metrics.registry.getSingleMetric(metricName);
      if (metric === undefined) return 0;
      const { values } = await metric.get();
      const found = values.find((value) => Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted));
      return found?.value ?? 0;
    },
    stop: async () => {
      await running.stop();
      await tap.cancel();
    },
  };
}

/** Polls `condition` until it holds, failing after `timeoutMs` with what was awaited. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
