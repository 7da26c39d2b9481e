// The portfolio ledger: the book of record of an account, with positions per
// (strategy, symbol), exact cash and P&L, currency conversion, marks, margin.
export * from './currency.converter';
export * from './ledger';
export * from './ledger.types';
