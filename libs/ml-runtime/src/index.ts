// Machine learning adapters: onnxruntime inference, model files and features files on disk.
export * from './onnx-classifier';
export * from './model-bundle';
export * from './features-csv';
export * from './streaming-predictor';
