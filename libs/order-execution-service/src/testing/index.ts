// Test helpers of the order-execution service: the broker contract suite every
// venue behind the broker port passes, and the messages it is driven with.
export * from './broker-contract.suite';
export * from './contract-messages';
export * from './handler-harness';
export * from './service-harness';
