import { decodeEnvelope } from './envelope.codec';
import { currentPayload, UNASSIGNED_STRATEGY } from './message-upgrades';
import { CURRENT_MESSAGES } from './message-registry';
import { examplePayloads } from './testing';

const base = { id: '0190e4c2-1a00-7000-8000-000000000001', occurredAt: 1, correlationId: '0190e4c2-1a00-7000-8000-000000000001', causationId: null, producer: 'risk' };

describe('reading the previous version of a changed message', () => {
  it('decodes an order.submit v1 and hands it on as the current shape, on the unassigned position', () => {
    const { strategy: _strategy, reason: _reason, ...v1 } = examplePayloads['order.submit'];
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'order.submit', version: 1, payload: v1 }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const payload = currentPayload(decoded.value, 'order.submit');
    expect(payload).toEqual({ ...v1, strategy: UNASSIGNED_STRATEGY });
    expect(CURRENT_MESSAGES['order.submit'].schema.check(payload)).toBeUndefined();
  });

  it('decodes an execution.report v1 fill as one fill of its cumulative size', () => {
    const { strategy: _s, lastFillSize: _size, lastFillPrice: _price, positionAfter: _position, ...v1 } = examplePayloads['execution.report'];
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'execution.report', version: 1, payload: v1 }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const payload = currentPayload(decoded.value, 'execution.report');
    expect(payload).toMatchObject({ strategy: UNASSIGNED_STRATEGY, lastFillSize: '0.5', lastFillPrice: '1.04457' });
    expect(CURRENT_MESSAGES['execution.report'].schema.check(payload)).toBeUndefined();
  });

  it('refuses a v1 report with the v2-only status, naming the field', () => {
    const { strategy: _s, lastFillSize: _size, lastFillPrice: _price, positionAfter: _position, ...v1 } = examplePayloads['execution.report'];
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'execution.report', version: 1, payload: { ...v1, status: 'expired', filledSize: '0', averagePrice: undefined } }));
    expect(decoded).toEqual({ ok: false, reason: 'payload.status: expected one of accepted, filled, partially_filled, rejected, cancelled, got "expired"' });
  });

  it('passes a current envelope through unchanged and refuses one of another type', () => {
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'order.submit', version: 2, payload: examplePayloads['order.submit'] }));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(currentPayload(decoded.value, 'order.submit')).toBe(decoded.value.payload);
    expect(() => currentPayload(decoded.value, 'execution.report')).toThrow('expected a message of type execution.report, got order.submit');
  });
});
