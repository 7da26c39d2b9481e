// For specs: a logger whose JSON lines are kept, parsed, instead of written.
export { capturedLogger, type CapturedLogger } from './captured-logger';
