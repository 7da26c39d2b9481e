export * from './infrastructure.types';
export * from './open-infrastructure';
