import { brokerContractSuite } from '../testing';
import type { BrokerOutput } from './broker.port';
import { PaperBroker } from './paper-broker.adapter';

brokerContractSuite('the paper venue', async (setup) => {
  const outputs: BrokerOutput[] = [];
  const broker = new PaperBroker(setup, (_topic, output) => outputs.push(output));
  return { broker, outputs, settle: async () => undefined };
});
