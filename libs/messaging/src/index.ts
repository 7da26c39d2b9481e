export * from './message-bus.port';
export * from './in-process';
export * from './testing';
export * from './rabbitmq';
export * from './nest';
