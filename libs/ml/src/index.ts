// Machine learning for the trading system, pure: features from the project's
// streaming indicators (one code path for training and live bars), triple-
// barrier labels, purged and walk-forward splits, histogram gradient-boosted
// trees, their ONNX export, metrics and the training report.
export * from './features/feature-group';
export * from './features/feature-set';
export * from './features/feature-pipeline';
export * from './features/feature-matrix';
export * from './features/look-ahead.check';
export * from './labels/triple-barrier';
export * from './splits/fold';
export * from './splits/purged-k-fold';
export * from './splits/walk-forward';
export * from './splits/time-split';
