import { EventEmitter } from 'node:events';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { PublishRejected } from '../message-bus.port';
import { ConfirmingPublisher } from './confirming-publisher';

type Confirm = (error: unknown) => void;

/** A ConfirmChannel that records publishes and lets the test answer them. */
class FakeChannel extends EventEmitter {
  readonly sent: { routingKey: string; messageId: string; confirm: Confirm }[] = [];

  publish(_exchange: string, routingKey: string, _content: Buffer, options: Options.Publish, confirm: Confirm): boolean {
    this.sent.push({ routingKey, messageId: options.messageId as string, confirm });
    return true;
  }

  returnMessage(messageId: string, routingKey: string): void {
    this.emit('return', { fields: { routingKey, replyCode: 312, replyText: 'NO_ROUTE' }, properties: { messageId } } as unknown as ConsumeMessage);
  }

  asChannel(): ConfirmChannel {
    return this as unknown as ConfirmChannel;
  }
}

const body = Buffer.from('{}');
const publishOf = (publisher: ConfirmingPublisher, id: string, key = 'signal.a.EURUSD') => publisher.publish('trading', key, body, { messageId: id });

describe('ConfirmingPublisher', () => {
  it('keeps at most the window size unconfirmed and sends the next publish as a confirm frees a slot', async () => {
    const channel = new FakeChannel();
    const publisher = new ConfirmingPublisher(2);
    publisher.attach(channel.asChannel());
    const results = ['a', 'b', 'c', 'd'].map((id) => publishOf(publisher, id));
    expect(channel.sent.map((sent) => sent.messageId)).toEqual(['a', 'b']);
    expect(publisher.unconfirmed).toBe(2);
    expect(publisher.queued).toBe(2);
    channel.sent[0].confirm(null);
    await results[0];
    expect(channel.sent.map((sent) => sent.messageId)).toEqual(['a', 'b', 'c']);
    for (const sent of channel.sent.slice(1)) sent.confirm(null);
    channel.sent[3].confirm(null);
    await Promise.all(results);
    expect(publisher.unconfirmed).toBe(0);
  });

  it('rejects a publish the broker returned as unroutable, and only that one', async () => {
    const channel = new FakeChannel();
    const publisher = new ConfirmingPublisher(8);
    publisher.attach(channel.asChannel());
    const routed = publishOf(publisher, 'x', 'signal.a.EURUSD');
    const unroutable = publishOf(publisher, 'y', 'signal.a.NZDUSD');
    channel.returnMessage('y', 'signal.a.NZDUSD');
    for (const sent of channel.sent) sent.confirm(null);
    await expect(routed).resolves.toBeUndefined();
    await expect(unroutable).rejects.toEqual(new PublishRejected('signal.a.NZDUSD', 'returned as unroutable (312 NO_ROUTE)'));
  });

  it('rejects a nacked publish with PublishRejected', async () => {
    const channel = new FakeChannel();
    const publisher = new ConfirmingPublisher(8);
    publisher.attach(channel.asChannel());
    const nacked = publishOf(publisher, 'n');
    channel.sent[0].confirm(new Error('message nacked'));
    await expect(nacked).rejects.toThrow('publish to signal.a.EURUSD rejected: nacked by the broker');
  });

  it('re-publishes in order every unconfirmed message on the next channel and resolves on its confirm', async () => {
    const first = new FakeChannel();
    const publisher = new ConfirmingPublisher(8);
    publisher.attach(first.asChannel());
    const results = ['1', '2', '3'].map((id) => publishOf(publisher, id));
    first.sent[0].confirm(null);
    // The connection dies: amqplib fails the rest with "channel closed".
    first.sent[1].confirm(new Error('channel closed'));
    first.sent[2].confirm(new Error('channel closed'));
    publisher.detach();
    const queuedWhileDown = publishOf(publisher, '4');
    const second = new FakeChannel();
    publisher.attach(second.asChannel());
    expect(second.sent.map((sent) => sent.messageId)).toEqual(['2', '3', '4']);
    expect(publisher.republished).toBe(2);
    for (const sent of second.sent) sent.confirm(null);
    await Promise.all([...results, queuedWhileDown]);
  });

  it('refuses new publishes once stopped, but drains those already accepted', async () => {
    const channel = new FakeChannel();
    const publisher = new ConfirmingPublisher(1);
    publisher.attach(channel.asChannel());
    const accepted = [publishOf(publisher, 'p'), publishOf(publisher, 'q')];
    publisher.stopAccepting();
    await expect(publishOf(publisher, 'r')).rejects.toThrow('the bus is closing');
    let drained = false;
    const draining = publisher.drained().then(() => (drained = true));
    channel.sent[0].confirm(null);
    await accepted[0];
    expect(drained).toBe(false);
    channel.sent[1].confirm(null);
    await draining;
    await Promise.all(accepted);
  });

  it('rejects a window size that is not a positive integer', () => {
    expect(() => new ConfirmingPublisher(0)).toThrow('confirm window must be an integer >= 1, got 0');
  });
});
