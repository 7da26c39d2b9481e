export * from './bar';
export * from './clock';
export * from './instrument';
export * from './money';
export * from './random';
export * from './timeframe';
export * from './selection';
export * from './decision-log';
