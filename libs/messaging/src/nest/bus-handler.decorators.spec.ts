import 'reflect-metadata';
import { EXCEPTION_FILTERS_METADATA } from '@nestjs/common/constants';
import { PATTERN_EXTRAS_METADATA, PATTERN_HANDLER_METADATA, PATTERN_METADATA, TRANSPORT_METADATA } from '@nestjs/microservices/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import { parseRoutePattern, type RoutePattern } from '@trading/contracts';
import { BusExceptionFilter } from './bus-exception.filter';
import { BusEvent, BusRequest, busPatternExtrasOf } from './bus-handler.decorators';
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
