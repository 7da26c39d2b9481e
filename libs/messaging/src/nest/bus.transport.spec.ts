import { InProcessBus } from '../in-process';
import { uniqueWord } from '../testing';
import { runBusTransportSemantics } from './bus-transport-semantics.fixtures';

runBusTransportSemantics('in-process', async () => {
  const bus = new InProcessBus();
  return {
    bus,
    word: uniqueWord('t'),
    queue: (label) => `transport.${label}`,
    queueExists: async (queue) => bus.stats().some((stats) => stats.queue === queue),
    cleanup: () => bus.close(),
  };
});
