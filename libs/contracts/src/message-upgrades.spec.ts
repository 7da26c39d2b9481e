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
    const { strategy: _s, lastFillSize: _size, lastFillPrice: _price, positionAfter: _position, barTime: _bar, realizedPnl: _pnl, cashAfter: _cash, ...v1 } = examplePayloads['execution.report'];
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'execution.report', version: 1, payload: v1 }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const payload = currentPayload(decoded.value, 'execution.report');
    expect(payload).toMatchObject({ strategy: UNASSIGNED_STRATEGY, lastFillSize: '0.5', lastFillPrice: '1.04457' });
    expect(CURRENT_MESSAGES['execution.report'].schema.check(payload)).toBeUndefined();
  });

  it('decodes an execution.report v2 as a v3 report and refuses v3-only fields on a v2', () => {
    const { barTime: _bar, realizedPnl: _pnl, cashAfter: _cash, ...v2 } = examplePayloads['execution.report'];
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'execution.report', version: 2, payload: v2 }));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(currentPayload(decoded.value, 'execution.report')).toEqual(v2);
    const withCash = decodeEnvelope(JSON.stringify({ ...base, type: 'execution.report', version: 2, payload: { ...v2, cashAfter: '10000' } }));
    expect(withCash).toEqual({ ok: false, reason: expect.stringContaining('cashAfter') });
  });

  it('refuses a v1 report with the v2-only status, naming the field', () => {
    const { strategy: _s, lastFillSize: _size, lastFillPrice: _price, positionAfter: _position, barTime: _bar, realizedPnl: _pnl, cashAfter: _cash, ...v1 } = examplePayloads['execution.report'];
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'execution.report', version: 1, payload: { ...v1, status: 'expired', filledSize: '0', averagePrice: undefined } }));
    expect(decoded).toEqual({ ok: false, reason: 'payload.status: expected one of accepted, filled, partially_filled, rejected, cancelled, got "expired"' });
  });

  it('decodes a signal v1 (no parameters version) and a risk.command v1 as valid current payloads', () => {
    const { parametersVersion: _version, ...signal } = { ...examplePayloads.signal, parametersVersion: 'defaults' };
    const decodedSignal = decodeEnvelope(JSON.stringify({ ...base, type: 'signal', version: 1, payload: signal }));
    if (!decodedSignal.ok) throw new Error(decodedSignal.reason);
    expect(currentPayload(decodedSignal.value, 'signal')).toEqual(signal);
    expect(CURRENT_MESSAGES.signal.schema.check(currentPayload(decodedSignal.value, 'signal'))).toBeUndefined();
    const command = { action: 'resume', requestedBy: 'desk head', reason: 'drill over' };
    const decodedCommand = decodeEnvelope(JSON.stringify({ ...base, type: 'risk.command', version: 1, payload: command }));
    if (!decodedCommand.ok) throw new Error(decodedCommand.reason);
    expect(currentPayload(decodedCommand.value, 'risk.command')).toEqual(command);
  });

  it('refuses what v1 could not say: a parameters version on a signal v1, set-limits on a risk.command v1', () => {
    const signal = decodeEnvelope(JSON.stringify({ ...base, type: 'signal', version: 1, payload: { ...examplePayloads.signal, parametersVersion: 'defaults' } }));
    expect(signal).toEqual({ ok: false, reason: expect.stringContaining('parametersVersion') });
    const command = decodeEnvelope(JSON.stringify({ ...base, type: 'risk.command', version: 1, payload: { action: 'set-limits', requestedBy: 'admin', reason: 'tighter', limits: '{}' } }));
    expect(command).toEqual({ ok: false, reason: expect.stringContaining('payload.action: expected one of kill, reduce, resume, got "set-limits"') });
  });

  it('passes a current envelope through unchanged and refuses one of another type', () => {
    const decoded = decodeEnvelope(JSON.stringify({ ...base, type: 'order.submit', version: 2, payload: examplePayloads['order.submit'] }));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(currentPayload(decoded.value, 'order.submit')).toBe(decoded.value.payload);
    expect(() => currentPayload(decoded.value, 'execution.report')).toThrow('expected a message of type execution.report, got order.submit');
  });
});
