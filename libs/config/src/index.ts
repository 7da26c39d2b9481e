export * from './env';
export { EnvField } from './env-field';
export * from './load-config';
export * from './system.clock';
export * from './infrastructure.error';
export * from './url-mask';
