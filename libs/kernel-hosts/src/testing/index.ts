export * from './message-kernel';
export * from './lockstep-kernel';
export * from './venue-traffic';
export * from './replay-steps';
