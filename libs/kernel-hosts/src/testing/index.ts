export * from './message-kernel';
export * from './venue-traffic';
