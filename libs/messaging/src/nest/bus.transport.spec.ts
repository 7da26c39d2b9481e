import { InProcessBus } from '../in-process';
import { uniqueWord } from '../testing';
import { runBusBatchSemantics } from './bus-batch-semantics.fixtures';
import { runBusTransportSemantics, type TransportFixture } from './bus-transport-semantics.fixtures';

async function open(): Promise<TransportFixture> {
  const bus = new InProcessBus();
  return {
    bus,
    word: uniqueWord('t'),
    queue: (label) => `transport.${label}`,
    queueExists: async (queue) => bus.stats().some((stats) => stats.queue === queue),
    cleanup: () => bus.close(),
  };
}

runBusTransportSemantics('in-process', open);
runBusBatchSemantics('in-process', open);
