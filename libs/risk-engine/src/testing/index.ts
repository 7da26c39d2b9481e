// Test builders of the risk engine for this and other projects' specs: quotes,
// markets, positions, portfolios and signals in one line each.
export * from './risk.builders';
