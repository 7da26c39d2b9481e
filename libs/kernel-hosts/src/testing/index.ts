export * from './bar-messages';
export * from './message-kernel';
export * from './lockstep-kernel';
export * from './strategy-run.recording';
export * from './venue-traffic';
export * from './replay-steps';
