import 'reflect-metadata';
import { EXCEPTION_FILTERS_METADATA } from '@nestjs/common/constants';
import { PATTERN_EXTRAS_METADATA, PATTERN_HANDLER_METADATA, PATTERN_METADATA, TRANSPORT_METADATA } from '@nestjs/microservices/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import { parseRoutePattern, type RoutePattern } from '@trading/contracts';
import { BusExceptionFilter } from './bus-exception.filter';
import { BusBatch, BusEvent, BusRequest, busPatternExtrasOf } from './bus-handler.decorators';
import { BUS_TRANSPORT } from './messaging.tokens';

const signals = parseRoutePattern('signal.#');

describe('@BusEvent and @BusRequest', () => {
  it("are Nest's event and message patterns on the bus transport, with the queues in source order in the extras", () => {
    class Handlers {
      @BusEvent({ queue: 'desk.majors', bindings: [parseRoutePattern('signal.*.EURUSD')], prefetch: 4 })
      @BusEvent({ queue: 'desk.crosses', bindings: [parseRoutePattern('signal.*.EURGBP')], singleActiveConsumer: true })
      onSignal(): void {
        return undefined;
      }

      @BusRequest({ queue: 'desk.quotes', bindings: [signals], maxDeliveries: 2 })
      answer(): undefined {
        return undefined;
      }
    }
    const onSignal = Handlers.prototype.onSignal;
    expect(Reflect.getMetadata(PATTERN_METADATA, onSignal)).toEqual(['desk.majors', 'desk.crosses']);
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, onSignal)).toBe(PatternHandler.EVENT);
    expect(Reflect.getMetadata(TRANSPORT_METADATA, onSignal)).toBe(BUS_TRANSPORT);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, onSignal)).toEqual({
      bus: {
        kind: 'event',
        handler: 'Handlers.onSignal',
        queues: {
          'desk.majors': { queue: 'desk.majors', bindings: ['signal.*.EURUSD'], prefetch: 4 },
          'desk.crosses': { queue: 'desk.crosses', bindings: ['signal.*.EURGBP'], singleActiveConsumer: true },
        },
      },
    });
    // The filter that keeps errors intact is put on once, however many queues.
    const filters = Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, onSignal) as unknown[];
    expect(filters).toHaveLength(1);
    expect(filters[0]).toBeInstanceOf(BusExceptionFilter);
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, Handlers.prototype.answer)).toBe(PatternHandler.MESSAGE);
    expect(busPatternExtrasOf(Handlers.prototype.answer)).toMatchObject({ kind: 'request', handler: 'Handlers.answer' });
  });

  it('refuses a method declared as both an event handler and a request handler', () => {
    expect(() => {
      class Mixed {
        @BusEvent({ queue: 'mixed.events', bindings: [signals] })
        @BusRequest({ queue: 'mixed.requests', bindings: [signals] })
        handle(): void {
          return undefined;
        }
      }
      return Mixed;
    }).toThrow('Mixed.handle is declared with both @BusEvent and @BusRequest');
  });

  it('refuses the same queue twice on one method', () => {
    expect(() => {
      class Twice {
        @BusEvent({ queue: 'twice', bindings: [signals] })
        @BusEvent({ queue: 'twice', bindings: [signals] })
        handle(): void {
          return undefined;
        }
      }
      return Twice;
    }).toThrow('@BusEvent on Twice.handle: queue twice is declared twice');
  });

  it.each([
    [{ queue: '', bindings: [signals] }, '@BusEvent on Bad.handle: queue must be a non-empty string'],
    [{ queue: 'bad', bindings: [] as RoutePattern[] }, '@BusEvent on Bad.handle: queue bad needs at least one binding'],
    [{ queue: 'bad', bindings: [signals], prefetch: 0 }, '@BusEvent on Bad.handle: prefetch of queue bad must be an integer ≥ 1, got 0'],
    [{ queue: 'bad', bindings: [signals], maxDeliveries: 1.5 }, '@BusEvent on Bad.handle: maxDeliveries of queue bad must be an integer ≥ 1, got 1.5'],
  ])('refuses bad queue options %#, naming the method', (options, message) => {
    expect(() => {
      class Bad {
        @BusEvent(options)
        handle(): void {
          return undefined;
        }
      }
      return Bad;
    }).toThrow(message);
  });
});

describe('@BusBatch', () => {
  it("is Nest's event pattern on the bus transport with kind batch and the queue's maxBatch in the extras", () => {
    class Desk {
      @BusBatch({ queue: 'desk.inbox', bindings: [signals], maxBatch: 64, singleActiveConsumer: true })
      onBatch(): void {
        return undefined;
      }
    }
    const onBatch = Desk.prototype.onBatch;
    expect(Reflect.getMetadata(PATTERN_METADATA, onBatch)).toEqual(['desk.inbox']);
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, onBatch)).toBe(PatternHandler.EVENT);
    expect(Reflect.getMetadata(TRANSPORT_METADATA, onBatch)).toBe(BUS_TRANSPORT);
    expect(busPatternExtrasOf(onBatch)).toEqual({
      kind: 'batch',
      handler: 'Desk.onBatch',
      queues: { 'desk.inbox': { queue: 'desk.inbox', bindings: ['signal.#'], maxBatch: 64, singleActiveConsumer: true } },
    });
    expect(Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, onBatch)[0]).toBeInstanceOf(BusExceptionFilter);
  });

  it('refuses a method that both takes batches and handles events', () => {
    expect(() => {
      class Mixed {
        @BusBatch({ queue: 'mixed.batches', bindings: [signals], maxBatch: 8 })
        @BusEvent({ queue: 'mixed.events', bindings: [signals] })
        handle(): void {
          return undefined;
        }
      }
      return Mixed;
    }).toThrow('Mixed.handle is declared with both @BusBatch and @BusEvent: a method either handles events, answers requests or takes batches');
  });

  it.each([
    [{ queue: 'bad', bindings: [signals], maxBatch: 0 }, '@BusBatch on Bad.handle: maxBatch of queue bad must be an integer ≥ 1, got 0'],
    [{ queue: 'bad', bindings: [signals], maxBatch: 64, prefetch: 16 }, '@BusBatch on Bad.handle: prefetch of queue bad must be at least maxBatch (64), got 16'],
    [{ queue: 'bad', bindings: [signals] } as unknown as { queue: string; bindings: RoutePattern[]; maxBatch: number }, '@BusBatch on Bad.handle: queue bad needs maxBatch'],
  ])('refuses bad batch options %#, naming the method', (options, message) => {
    expect(() => {
      class Bad {
        @BusBatch(options)
        handle(): void {
          return undefined;
        }
      }
      return Bad;
    }).toThrow(message);
  });

  it('refuses maxBatch on a one-message handler', () => {
    expect(() => {
      class Single {
        @BusEvent({ queue: 'single', bindings: [signals], maxBatch: 4 } as unknown as { queue: string; bindings: RoutePattern[] })
        handle(): void {
          return undefined;
        }
      }
      return Single;
    }).toThrow('@BusEvent on Single.handle: maxBatch is for batch handlers: declare queue single with @BusBatch');
  });
});
