export * from './example-payloads';
