import { redactSecrets, redactString } from './redact';

describe('redaction', () => {
  it('masks the password of credentials in URLs of any scheme and keeps the user', () => {
    expect(redactString('amqp://user:pass@rabbit:5672')).toBe('amqp://user:***@rabbit:5672');
    expect(redactString('see postgresql://a:b@h/db and amqps://c:d@e')).toBe('see postgresql://a:***@h/db and amqps://c:***@e');
    expect(redactString('redis://:p%40ss@cache:6379/0')).toBe('redis://:***@cache:6379/0');
  });

  it('leaves URLs without a password untouched', () => {
    expect(redactString('https://example.com/path?x=1')).toBe('https://example.com/path?x=1');
    expect(redactString('amqp://guest@rabbit')).toBe('amqp://guest@rabbit');
  });

  it('masks values under secret-like keys at any depth, whatever their case', () => {
    const redacted = redactSecrets({
      user: 'ann',
      PASSWORD: 'x',
      nested: { api_key: 'k', apiKey: 'k', 'x-api-key': 'k', accessToken: 't', clientSecret: 's', sessionCookie: 'c', list: [{ token: 't' }] },
      headers: { CST: 'c', 'X-SECURITY-TOKEN': 't', costs: 2 },
    });
    expect(redacted).toEqual({
      user: 'ann',
      PASSWORD: '***',
      nested: { api_key: '***', apiKey: '***', 'x-api-key': '***', accessToken: '***', clientSecret: '***', sessionCookie: '***', list: [{ token: '***' }] },
      headers: { CST: '***', 'X-SECURITY-TOKEN': '***', costs: 2 },
    });
  });

  it('does not mutate its input and survives cycles', () => {
    const input: Record<string, unknown> = { password: 'p' };
    input['self'] = input;
    const redacted = redactSecrets(input) as Record<string, unknown>;
    expect(input['password']).toBe('p');
    expect(redacted['password']).toBe('***');
    expect(redacted['self']).toBe('[Circular]');
  });
});
