export * from './bar-messages';
export * from './message-kernel';
