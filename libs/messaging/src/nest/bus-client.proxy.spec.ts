import { lastValueFrom } from 'rxjs';
import { parseRoutePattern, parseTopic, type Envelope } from '@trading/contracts';
import { InProcessBus } from '../in-process';
import { PublishRejected, type DeliveredMessage } from '../message-bus.port';
import { SignalBuilder } from '../testing';
import { BusClientProxy } from './bus-client.proxy';
import { until } from './bus-transport.fixtures';

describe('BusClientProxy', () => {
  let bus: InProcessBus;
  let client: BusClientProxy;
  const messages = new SignalBuilder('client');
  const topic = parseTopic('signal.client.EURUSD');

  beforeEach(() => {
    bus = new InProcessBus();
    client = new BusClientProxy(bus);
  });

  afterEach(() => bus.close());

  it('publishes on emit and completes, without a value, once the bus has the message', async () => {
    const received: DeliveredMessage[] = [];
    await bus.consume({ queue: 'client.signals', bindings: [parseRoutePattern('signal.client.*')], handler: async (message) => void received.push(message) });
    const envelope = messages.next();
    const emitted = client.emit(topic, envelope);
    await expect(lastValueFrom(emitted, { defaultValue: 'nothing' })).resolves.toBeUndefined();
    await until(() => received.length === 1, 'the delivery');
    expect(received[0]).toEqual({ envelope, routingKey: 'signal.client.EURUSD', deliveryCount: 1 });
    // A late subscriber still learns the outcome.
    await expect(lastValueFrom(emitted, { defaultValue: 'nothing' })).resolves.toBeUndefined();
  });

  it('errors with the bus refusal when no queue takes the message', async () => {
    await expect(lastValueFrom(client.emit(topic, messages.next()))).rejects.toBeInstanceOf(PublishRejected);
  });

  it('errors, naming the topic, for an envelope the contracts refuse or a missing one', async () => {
    await bus.consume({ queue: 'client.invalid', bindings: [parseRoutePattern('signal.#')], handler: async () => undefined });
    const invalid = { ...messages.next(), payload: { symbol: 'EURUSD' } } as Envelope;
    await expect(lastValueFrom(client.emit(topic, invalid))).rejects.toThrow('cannot publish signal on signal.client.EURUSD');
    await expect(lastValueFrom(client.emit(topic, null))).rejects.toThrow('emit to signal.client.EURUSD needs an envelope, got null');
  });

  it('refuses send, saying what to use instead', () => {
    expect(() => client.send('risk.quote', messages.next())).toThrow(
      'BusClientProxy.send(risk.quote): the bus has no request/reply correlation: publish the request with emit(topic, envelope); ' +
        'the service that answers declares @BusRequest',
    );
  });

  it('reports the readiness of the bus and unwraps to it, and does not close it', async () => {
    expect(client.isReady()).toBe(true);
    expect(client.unwrap()).toBe(bus);
    client.close();
    expect(bus.isReady()).toBe(true);
    await bus.close();
    expect(client.isReady()).toBe(false);
  });
});
