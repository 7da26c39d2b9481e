export * from './infrastructure.types';
export * from './open-infrastructure';
export * from './lockstep';
