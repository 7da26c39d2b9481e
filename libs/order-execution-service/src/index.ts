// The order-execution service: the broker port and its paper venue, the
// handler that takes orders, cancels and bars into the venue and its tables in
// one transaction, the restart from the journal, the Nest module and controller
// of its queue, and the service's composition.
export * from './broker/broker.port';
export * from './broker/paper-broker.adapter';
export * from './execution.handler';
export * from './venue-recovery';
export * from './persistence/execution-tables';
export * from './persistence/migrations';
export * from './order-execution.service';
export * from './order-execution.module';
export * from './order-execution.metrics';
export * from './order-execution.config';
export * from './bus/orders.controller';
export * from './orders.route';
export * from './serve/serve-order-execution';
