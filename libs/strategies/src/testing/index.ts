// Test fixtures for strategies and the backtest (never shipped as strategies).
export { peekingStrategy } from './peeking.strategy';
export { SHARED_BAR_FILES, sharedBars } from './shared-bars.fixture';
