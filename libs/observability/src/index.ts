export * from './correlation';
export * from './health-checks';
export * from './http-routes';
export * from './logger.factory';
export * from './observability.server';
export * from './redact';
export * from './service-metrics';
export * from './service-observability';
