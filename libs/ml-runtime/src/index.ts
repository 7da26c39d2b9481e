// Machine learning adapters: onnxruntime inference.
export * from './onnx-classifier';
