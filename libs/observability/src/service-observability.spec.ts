import { PassThrough } from 'node:stream';
import { startServiceObservability } from './service-observability';

describe('startServiceObservability', () => {
  it('wires logger, metrics and readiness behind one HTTP server', async () => {
    const logStream = new PassThrough();
    const lines: string[] = [];
    logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const observability = await startServiceObservability({ service: 'market-data', port: 0, host: '127.0.0.1', defaultMetrics: false, logStream });
    try {
      let connected = false;
      observability.health.register('bus', () => connected);
      observability.metrics.counter({ name: 'bars_published_total', help: 'Bars published' }).inc(5);

      expect((await fetch(`${observability.server.url}/health/ready`)).status).toBe(503);
      connected = true;
      expect((await fetch(`${observability.server.url}/health/ready`)).status).toBe(200);
      expect(await (await fetch(`${observability.server.url}/metrics`)).text()).toContain('bars_published_total{service="market-data"} 5');
    } finally {
      await observability.close();
    }
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', service: 'market-data', message: 'observability endpoints listening' });
  });
});
