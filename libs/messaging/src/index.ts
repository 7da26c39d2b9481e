export * from './message-bus.port';
export * from './in-process';
export * from './rabbitmq';
export * from './nest';
