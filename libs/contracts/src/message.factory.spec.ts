import { ManualClock, SeededRandom } from '@trading/domain';
import { uuidV7Timestamp } from './ids/uuid-v7';
import { isMessage } from './message-registry';
import { MessageFactory } from './message.factory';
import { examplePayloads } from './testing';

const START = 1_656_669_600_000;

function newFactory(seed = 1, producer = 'market-data'): { factory: MessageFactory; clock: ManualClock } {
  const clock = new ManualClock(START);
  return { factory: new MessageFactory({ clock, random: new SeededRandom(seed), producer }), clock };
}

describe('MessageFactory', () => {
  it('makes a root message its own correlation, with no cause', () => {
    const { factory } = newFactory();
    const bar = factory.create('market.bar', examplePayloads['market.bar']);
    expect(bar).toMatchObject({ type: 'market.bar', version: 1, occurredAt: START, producer: 'market-data', causationId: null });
    expect(bar.correlationId).toBe(bar.id);
    expect(uuidV7Timestamp(bar.id)).toBe(START);
    expect(bar.payload).toBe(examplePayloads['market.bar']);
  });

  it('chains correlation and causation through caused messages', () => {
    const { factory, clock } = newFactory();
    const bar = factory.create('market.bar', examplePayloads['market.bar']);
    clock.advance(5);
    const signal = factory.create('signal', examplePayloads.signal, { causedBy: bar });
    const decision = factory.create('risk.decision', { ...examplePayloads['risk.decision'], signalId: signal.id }, { causedBy: signal });
    expect(signal.causationId).toBe(bar.id);
    expect(signal.correlationId).toBe(bar.id);
    expect(signal.occurredAt).toBe(START + 5);
    expect(decision.causationId).toBe(signal.id);
    expect(decision.correlationId).toBe(bar.id);
  });

  it('produces the same envelopes byte for byte for the same seed and clock', () => {
    const run = (): string =>
      JSON.stringify(
        (() => {
          const { factory, clock } = newFactory(77);
          return ['market.bar', 'market.quote', 'signal'].map((type, index) => {
            clock.advance(index);
            return factory.create(type as 'market.bar', examplePayloads[type as 'market.bar']);
          });
        })(),
      );
    expect(run()).toBe(run());
    expect(newFactory(78).factory.create('market.bar', examplePayloads['market.bar']).id).not.toBe(
      newFactory(77).factory.create('market.bar', examplePayloads['market.bar']).id,
    );
  });

  it('throws at the producer for an invalid payload, naming the field', () => {
    const { factory } = newFactory();
    expect(() => factory.create('order.submit', { ...examplePayloads['order.submit'], size: '-1' })).toThrow(
      new TypeError('order.submit payload.size: expected a positive decimal string, got "-1"'),
    );
  });

  it('rejects a producer name that is not a single word', () => {
    expect(() => newFactory(1, 'market data')).toThrow('producer: expected a name of 1-64 letters');
  });

  it('narrows decoded envelopes by type with isMessage', () => {
    const { factory } = newFactory();
    const quote = factory.create('market.quote', examplePayloads['market.quote']);
    const envelope: { type: string } & typeof quote = quote;
    expect(isMessage(envelope, 'market.quote')).toBe(true);
    expect(isMessage(envelope, 'market.bar')).toBe(false);
    expect(isMessage({ ...envelope, version: 2 }, 'market.quote')).toBe(false);
  });
});
