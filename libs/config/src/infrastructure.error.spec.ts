import { connect } from 'node:net';
import { connectionFailure, connectionTarget, InfrastructureError } from './infrastructure.error';
import { maskedUrl, withoutPassword } from './url-mask';

/** The error a real TCP connect to a closed local port fails with. */
function refusedConnect(host: string): Promise<Error> {
  return new Promise((resolve) => {
    // Port 1 (tcpmux) is closed on any ordinary host.
    const socket = connect({ host, port: 1 });
    socket.once('error', (error) => {
      socket.destroy();
      resolve(error);
    });
  });
}

describe('infrastructure errors', () => {
  it('name the variable, the host and port tried, and a refused connection in words', async () => {
    const error = InfrastructureError.cannotConnect('DATABASE_URL', 'postgres://trader:s3cret@127.0.0.1:5999/trading', await refusedConnect('127.0.0.1'));
    expect(error.message).toBe('DATABASE_URL: cannot connect to 127.0.0.1:5999 (connection refused)');
    expect(error.variable).toBe('DATABASE_URL');
  });

  it("say why when Node's connect to localhost fails on both addresses at once", async () => {
    expect(connectionFailure(await refusedConnect('localhost'))).toBe('connection refused');
  });

  it("take the scheme's default port when the URL has none", () => {
    expect(connectionTarget('amqp://guest:guest@rabbit')).toBe('rabbit:5672');
    expect(connectionTarget('redis://cache.internal/1')).toBe('cache.internal:6379');
    expect(connectionTarget('postgres://db/trading')).toBe('db:5432');
  });

  it("quote a server's refusal, without a password in it", () => {
    expect(connectionFailure(new Error('password authentication failed for user "trader"'))).toBe('password authentication failed for user "trader"');
    expect(connectionFailure(new Error('cannot reach amqp://guest:guest@rabbit:5672/\nmore'))).toBe('cannot reach amqp://guest:***@rabbit:5672/');
  });

  it('mask a password wherever it sits, and show a URL without one as it is', () => {
    expect(withoutPassword('postgres://trader:p@ss:w0rd@db:5432/trading')).toBe('postgres://trader:***@db:5432/trading');
    expect(withoutPassword('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(withoutPassword('redis://:hunter2@cache:6379')).toBe('redis://:***@cache:6379');
    expect(withoutPassword('localhost:5432')).toBe('localhost:5432');
  });

  it('mask the password of one URL even when it is malformed', () => {
    expect(maskedUrl('postgres:/trader:s3cret@db/x')).toBe('postgres:***@db/x');
    expect(maskedUrl('trader:s3cret@db:5432')).toBe('trader:***@db:5432');
    expect(maskedUrl('amqp://guest@rabbit')).toBe('amqp://guest@rabbit');
    expect(maskedUrl('not a url')).toBe('not a url');
  });
});
