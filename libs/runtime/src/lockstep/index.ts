export * from './causal-barrier';
export * from './handled-receipts';
export * from './lockstep-coordinator';
