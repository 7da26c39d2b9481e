export { runMessageBusContract, type BusContractFixture, type BusContractOptions } from './bus-contract-suite';
export { SignalBuilder, uniqueWord } from './bus-contract.helpers';
