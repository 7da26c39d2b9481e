export * from './infrastructure.types';
export * from './open-infrastructure';
export * from './open-bus';
export * from './lockstep';
export * from './history/bar-history.port';
export * from './history/http-bar-history';
export { readWarmupBars, MAX_WARMUP_WINDOWS } from './history/warm-up-history';
export * from './history/retry';
