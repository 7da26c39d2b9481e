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
export * from './datasets/labelled-table';
export * from './gbdt/gbdt-params';
export * from './gbdt/training-set';
export * from './gbdt/regression-tree';
export * from './gbdt/gbdt-model';
export * from './gbdt/gbdt-trainer';
export * from './gbdt/feature-importance';
export { type QuantileCuts, computeQuantileCuts, binOf } from './gbdt/quantile-cuts';
export * from './metrics/classification-metrics';
export * from './onnx/onnx-export';
export * from './datasets/known-signal.dataset';
export * from './model/model-manifest';
export * from './training/chronological-split';
export * from './training/train-model';
export * from './report/model-report';
