import { HealthChecks, busReadyCheck, databaseReadyCheck } from './health-checks';
import { startObservabilityServer, type ObservabilityServer } from './observability.server';
import { ServiceMetrics } from './service-metrics';

describe('observability server over HTTP', () => {
  let server: ObservabilityServer;
  let metrics: ServiceMetrics;
  let health: HealthChecks;
  const bus = { ready: true, isReady(): boolean { return this.ready; } };
  let databaseUp = true;

  beforeEach(async () => {
    metrics = new ServiceMetrics({ service: 'risk', defaultMetrics: true });
    health = new HealthChecks(200)
      .register('bus', busReadyCheck(bus))
      .register('database', databaseReadyCheck({ query: async () => { if (!databaseUp) throw new Error('connect ECONNREFUSED postgres://app:pw@db:5432'); return [{ one: 1 }]; } }));
    bus.ready = true;
    databaseUp = true;
    server = await startObservabilityServer({ port: 0, host: '127.0.0.1', metrics, health });
  });

  afterEach(async () => {
    await server.close();
  });

  it('answers /health/live while the process runs', async () => {
    const response = await fetch(`${server.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up' });
  });

  it('answers /health/ready with 200 when every check passes', async () => {
    const response = await fetch(`${server.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: [{ name: 'bus', ok: true }, { name: 'database', ok: true }] });
  });

  it('answers /health/ready with 503 naming each failed check, without leaking credentials', async () => {
    bus.ready = false;
    databaseUp = false;
    const response = await fetch(`${server.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not ready',
      checks: [{ name: 'bus', ok: false }, { name: 'database', ok: false }],
      failed: [
        { name: 'bus', error: 'message bus is not connected' },
        { name: 'database', error: 'connect ECONNREFUSED postgres://app:***@db:5432' },
      ],
    });
  });

  it('fails readiness when a check hangs past its timeout', async () => {
    health.register('slow', () => new Promise<void>(() => undefined), 50);
    const response = await fetch(`${server.url}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { failed: unknown[] };
    expect(body.failed).toEqual([{ name: 'slow', error: 'timed out after 50 ms' }]);
  });

  it('exposes default and service metrics labelled with the service on /metrics', async () => {
    const handled = metrics.counter({ name: 'messages_handled_total', help: 'Messages handled', labelNames: ['outcome'] as const });
    handled.inc({ outcome: 'processed' }, 3);
    metrics.histogram({ name: 'handler_seconds', help: 'Handler latency', buckets: [0.01, 0.1] }).observe(0.05);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('messages_handled_total{outcome="processed",service="risk"} 3');
    expect(text).toContain('handler_seconds_bucket{le="0.01",service="risk"} 0');
    expect(text).toContain('handler_seconds_bucket{le="0.1",service="risk"} 1');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="risk"\} \d/);
  });

  it('answers 404 for unknown paths', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});

describe('ServiceMetrics', () => {
  it('returns the same counter when asked twice and keeps services apart', () => {
    const a = new ServiceMetrics({ service: 'a', defaultMetrics: false });
    const b = new ServiceMetrics({ service: 'b', defaultMetrics: false });
    const spec = { name: 'bars_total', help: 'Bars' };
    a.counter(spec).inc();
    a.counter(spec).inc();
    b.counter(spec).inc();
    expect(a.counter(spec)).toBe(a.counter(spec));
    return Promise.all([a.exposition(), b.exposition()]).then(([textA, textB]) => {
      expect(textA).toContain('bars_total{service="a"} 2');
      expect(textB).toContain('bars_total{service="b"} 1');
    });
  });

  it('refuses the same name as another type or with other labels', () => {
    const metrics = new ServiceMetrics({ service: 'a', defaultMetrics: false });
    metrics.counter({ name: 'x_total', help: 'x', labelNames: ['a'] });
    expect(() => metrics.gauge({ name: 'x_total', help: 'x', labelNames: ['a'] })).toThrow('already exists as a counter, not a gauge');
    expect(() => metrics.counter({ name: 'x_total', help: 'x', labelNames: ['b'] })).toThrow('already exists with labels [a], not [b]');
    expect(() => metrics.counter({ name: 'bad-name', help: 'x' })).toThrow('not a valid Prometheus name');
  });
});
