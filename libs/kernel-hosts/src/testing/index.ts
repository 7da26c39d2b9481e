export * from './message-kernel';
