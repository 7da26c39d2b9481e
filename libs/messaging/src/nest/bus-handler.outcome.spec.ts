import { RpcException } from '@nestjs/microservices';
import { parseTopic } from '@trading/contracts';
import { of, throwError } from 'rxjs';
import { RejectMessage } from '../message-bus.port';
import { SignalBuilder } from '../testing';
import { handlerFailure, repliesOf, settleHandlerResult } from './bus-handler.outcome';

describe('handlerFailure', () => {
  it('keeps errors as they are, a RejectMessage included', () => {
    const rejection = new RejectMessage('unknown account');
    const failure = new TypeError('bad size');
    expect(handlerFailure(rejection)).toBe(rejection);
    expect(handlerFailure(failure)).toBe(failure);
    expect(handlerFailure(new RpcException('forbidden')).message).toBe('forbidden');
  });

  it('turns what is not an error into one whose message says what was thrown', () => {
    expect(handlerFailure('stale feed').message).toBe('stale feed');
    expect(handlerFailure({ status: 'error', message: 'broker refused' }).message).toBe('broker refused');
    expect(handlerFailure({ code: 7 }).message).toBe('the handler failed with {"code":7}');
    expect(handlerFailure(undefined).message).toBe('the handler failed with undefined');
  });

  it("says so when Nest's default RPC filter has replaced the error", () => {
    expect(handlerFailure({ status: 'error', message: 'Internal server error' }).message).toContain(
      'an RPC exception filter replaced its error with Nest\'s "Internal server error"',
    );
  });
});

describe('settleHandlerResult', () => {
  it('waits for promises and observables and returns what they produced', async () => {
    await expect(settleHandlerResult(Promise.resolve(3), true)).resolves.toEqual([3]);
    await expect(settleHandlerResult(Promise.resolve(of(1, 2)), true)).resolves.toEqual([1, 2]);
    await expect(settleHandlerResult(of(1, 2), false)).resolves.toEqual([]);
    await expect(settleHandlerResult(throwError(() => new RejectMessage('no')), false)).rejects.toBeInstanceOf(RejectMessage);
  });
});

describe('repliesOf', () => {
  const messages = new SignalBuilder('replies');
  const topic = parseTopic('signal.replies.EURUSD');

  it('flattens single replies and arrays, in order, and skips undefined', () => {
    const first = { topic, envelope: messages.next() };
    const second = { topic, envelope: messages.next() };
    expect(repliesOf([first, undefined, [second]], 'Desk.answer')).toEqual([first, second]);
  });

  it('refuses anything else, naming the handler', () => {
    expect(() => repliesOf([{ envelope: messages.next() }], 'Desk.answer')).toThrow(/^Desk\.answer returned \{"envelope":\{"id":.*… as a reply: a @BusRequest handler returns \{ topic, envelope \}/);
    expect(() => repliesOf([[42]], 'Desk.answer')).toThrow('Desk.answer returned 42 as a reply');
  });
});
