import { ManualClock, SeededRandom } from '@trading/domain';
import { decodeEnvelope, encodeEnvelope, validateEnvelope } from './envelope.codec';
import { MessageFactory } from './message.factory';
import { MessageRegistry } from './message-registry';
import { defineMessage } from './messages/message-definition';
import { int, object } from './schema';
import { examplePayloads } from './testing';

const factory = new MessageFactory({ clock: new ManualClock(1_656_669_600_000), random: new SeededRandom(9), producer: 'risk' });
const submit = factory.create('order.submit', examplePayloads['order.submit']);

function reasonOf(raw: string | Buffer | unknown, routingKey?: string): string | undefined {
  const result = typeof raw === 'string' || Buffer.isBuffer(raw) ? decodeEnvelope(raw, { routingKey }) : validateEnvelope(raw, { routingKey });
  return result.ok ? undefined : result.reason;
}

describe('decodeEnvelope', () => {
  it('decodes the wire form of a valid envelope back to an equal envelope, from text or bytes', () => {
    const wire = encodeEnvelope(submit);
    expect(decodeEnvelope(wire)).toEqual({ ok: true, value: submit });
    expect(decodeEnvelope(Buffer.from(wire, 'utf8'))).toEqual({ ok: true, value: submit });
  });

  it('reports invalid JSON', () => {
    expect(reasonOf('{"id":')).toMatch(/^invalid JSON: /);
  });

  it('names a payload field that breaks the schema', () => {
    const wire = encodeEnvelope({ ...submit, payload: { ...submit.payload, size: 1.5 } });
    expect(reasonOf(wire)).toBe('payload.size: expected a positive decimal string, got 1.5');
  });

  it('names a bad envelope field', () => {
    expect(reasonOf({ ...submit, version: '1' })).toBe('version: expected an integer ≥ 1, got "1"');
    expect(reasonOf({ ...submit, causationId: undefined })).toBe('causationId: expected a lower-case UUID or null, got nothing');
    expect(reasonOf({ ...submit, id: 'abc' })).toBe('id: expected a lower-case UUID, got "abc"');
    expect(reasonOf({ ...submit, extra: 1 })).toMatch(/^extra: unexpected field/);
    expect(reasonOf(null)).toBe('expected an object, got null');
  });

  it('rejects an unknown version, listing the known ones', () => {
    expect(reasonOf(encodeEnvelope({ ...submit, version: 3 }))).toBe('unknown version 3 of order.submit (known: 1, 2)');
  });

  it('rejects an unknown type, listing the known ones', () => {
    expect(reasonOf({ ...submit, type: 'order.amend' })).toMatch(/^unknown message type "order.amend" \(known: account.financing, account.margin-call, execution.report, flow.end, flow.handled, flow.release, market.bar, /);
  });

  it('checks the type against the routing key when one is given', () => {
    expect(reasonOf(submit, 'order.submit.EURUSD')).toBeUndefined();
    expect(reasonOf(submit, 'signal.ml.EURUSD')).toBe('type order.submit does not belong on routing key signal.ml.EURUSD');
  });

  it('reads version 2 beside version 1 when a registry holds both', () => {
    const v1 = defineMessage({ type: 'demo.tick', version: 1, kind: 'event', schema: object({ count: int() }) });
    const v2 = defineMessage({ type: 'demo.tick', version: 2, kind: 'event', schema: object({ count: int(), total: int() }) });
    const registry = new MessageRegistry([v1, v2]);
    const base = { id: submit.id, type: 'demo.tick', occurredAt: 0, correlationId: submit.id, causationId: null, producer: 'test' };
    expect(validateEnvelope({ ...base, version: 1, payload: { count: 1 } }, { registry }).ok).toBe(true);
    expect(validateEnvelope({ ...base, version: 2, payload: { count: 1, total: 2 } }, { registry }).ok).toBe(true);
    const wrong = validateEnvelope({ ...base, version: 2, payload: { count: 1 } }, { registry });
    expect(wrong).toEqual({ ok: false, reason: 'payload.total: expected an integer, got nothing' });
    expect(validateEnvelope({ ...base, version: 3, payload: {} }, { registry })).toEqual({ ok: false, reason: 'unknown version 3 of demo.tick (known: 1, 2)' });
    expect(() => new MessageRegistry([v1, v1])).toThrow('message demo.tick version 1 is registered twice');
  });
});
