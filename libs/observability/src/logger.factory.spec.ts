import { ManualClock } from '@trading/domain';
import { PassThrough } from 'node:stream';
import { withCorrelation } from './correlation';
import { createLogger, type LoggerOptions } from './logger.factory';

function capture(options: Partial<LoggerOptions> = {}) {
  const stream = new PassThrough();
  const lines: Array<Record<string, unknown>> = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
  });
  const logger = createLogger({ service: 'risk', clock: new ManualClock(Date.UTC(2024, 0, 2, 3, 4, 5)), stream, ...options });
  // Winston writes synchronously into the PassThrough; one tick lets 'data' fire.
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { logger, lines, flush };
}

describe('createLogger', () => {
  it('writes one JSON line per event with service, level, time and fields', async () => {
    const { logger, lines, flush } = capture();
    logger.info('order approved', { orderId: 'o-1', quantity: 1000 });
    await flush();
    expect(lines).toEqual([
      { level: 'info', message: 'order approved', orderId: 'o-1', quantity: 1000, service: 'risk', time: '2024-01-02T03:04:05.000Z' },
    ]);
  });

  it('adds the correlation id of the surrounding withCorrelation to every line, across awaits', async () => {
    const { logger, lines, flush } = capture();
    await withCorrelation('corr-42', async () => {
      logger.info('first');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn('second');
    });
    logger.info('outside');
    await flush();
    expect(lines.map((line) => [line['message'], line['correlationId']])).toEqual([
      ['first', 'corr-42'],
      ['second', 'corr-42'],
      ['outside', undefined],
    ]);
  });

  it('masks secret fields and URL passwords before they are written', async () => {
    const { logger, lines, flush } = capture();
    logger.info('connecting to amqp://trader:s3cr3t@rabbit:5672/vhost', {
      password: 'hunter2',
      apiKey: 'AK-123',
      headers: { Authorization: 'Bearer abc', cookie: 'sid=1', accept: 'json' },
      databaseUrl: 'postgres://app:pgpass@db:5432/trading',
    });
    await flush();
    const line = lines[0];
    expect(line['message']).toBe('connecting to amqp://trader:***@rabbit:5672/vhost');
    expect(line['password']).toBe('***');
    expect(line['apiKey']).toBe('***');
    expect(line['headers']).toEqual({ Authorization: '***', cookie: '***', accept: 'json' });
    expect(line['databaseUrl']).toBe('postgres://app:***@db:5432/trading');
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|AK-123|s3cr3t|pgpass|abc/);
  });

  it('drops lines below the configured level', async () => {
    const { logger, lines, flush } = capture({ level: 'warn' });
    logger.info('quiet');
    logger.debug('quieter');
    logger.error('loud');
    await flush();
    expect(lines.map((line) => line['message'])).toEqual(['loud']);
  });

  it('logs an error with its stack, redacted', async () => {
    const { logger, lines, flush } = capture();
    logger.error(new Error('cannot reach redis://:topsecret@cache:6379'));
    await flush();
    expect(lines[0]['message']).toBe('cannot reach redis://:***@cache:6379');
    expect(String(lines[0]['stack'])).toContain('redis://:***@cache:6379');
    expect(JSON.stringify(lines)).not.toContain('topsecret');
  });

  it('refuses an unknown level', () => {
    expect(() => createLogger({ service: 'x', level: 'loud' as never })).toThrow('log level "loud" is not one of');
  });
});

describe('createLogger with structured-only events', () => {
  it('logs an object message with its secrets masked', async () => {
    const stream = new PassThrough();
    const lines: Array<Record<string, unknown>> = [];
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))));
    const logger = createLogger({ service: 'api', clock: new ManualClock(0), stream });
    logger.log({ level: 'info', message: { event: 'login', token: 'abc' } as unknown as string });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([{ level: 'info', message: { event: 'login', token: '***' }, service: 'api', time: '1970-01-01T00:00:00.000Z' }]);
  });
});
