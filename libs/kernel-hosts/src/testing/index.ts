export * from './bar-messages';
export * from './message-kernel';
export * from './strategy-run.recording';
