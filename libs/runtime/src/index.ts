export * from './infrastructure.types';
export * from './open-infrastructure';
export * from './open-bus';
export * from './lockstep';
