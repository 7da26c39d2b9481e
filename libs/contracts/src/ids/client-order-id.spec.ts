import { ManualClock, SeededRandom } from '@trading/domain';
import { clientOrderIdFor, decisionIdOf } from './client-order-id';
import { examplePayloads } from '../testing';
import { UuidV7Generator } from './uuid-v7';

describe('clientOrderIdFor', () => {
  it('writes the decision UUID as "o" and 22 base-62 digits, within IG\'s 30-character dealReference', () => {
    expect(clientOrderIdFor('00000000-0000-0000-0000-000000000000')).toBe('o0000000000000000000000');
    expect(clientOrderIdFor('00000000-0000-0000-0000-00000000003e')).toBe('o0000000000000000000010');
    expect(clientOrderIdFor('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('o7n42DGM5Tflk9n8mt7Fhc7');
    expect(clientOrderIdFor('0181b933-f900-7000-8000-000000000002')).toMatch(/^o[0-9A-Za-z]{22}$/);
  });

  it('gives the same id for the same decision and reads the decision back', () => {
    const ids = new UuidV7Generator(new ManualClock(1_656_669_600_000), new SeededRandom(11));
    for (let i = 0; i < 200; i += 1) {
      const decisionId = ids.next();
      const clientOrderId = clientOrderIdFor(decisionId);
      expect(clientOrderIdFor(decisionId)).toBe(clientOrderId);
      expect(decisionIdOf(clientOrderId)).toBe(decisionId);
    }
  });

  it('rejects what is not a UUID or not a derived id', () => {
    expect(() => clientOrderIdFor('decision-1')).toThrow('decision id must be a lower-case UUID, got "decision-1"');
    expect(() => decisionIdOf('ord-123')).toThrow('not a derived client order id: "ord-123"');
    expect(() => decisionIdOf('ozzzzzzzzzzzzzzzzzzzzzz')).toThrow('not a derived client order id');
  });
});

describe('example payloads', () => {
  it('use the client order id derived from the example decision', () => {
    expect(examplePayloads['order.submit'].clientOrderId).toBe(clientOrderIdFor(examplePayloads['order.submit'].decisionId));
  });
});
