export * from './servers';
export * from './server-urls';
export * from './shared-data';
export * from './free-port';
export * from './shared-bars';
export * from './own-vhost';
