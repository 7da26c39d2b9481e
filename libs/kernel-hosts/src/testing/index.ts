export * from './message-kernel';
export * from './lockstep-kernel';
