// Fixtures for the strategy service's specs: bar history served from columns
// in memory, and a service started on an in-process bus with its signals,
// logs and metrics in reach.
export * from './columns-bar-history';
export * from './test-service';
export * from './first-signal-refused.bus';
