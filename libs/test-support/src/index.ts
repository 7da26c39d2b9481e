export * from './servers';
export * from './shared-data';
