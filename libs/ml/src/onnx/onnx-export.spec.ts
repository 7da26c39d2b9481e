import { knownSignalDataset } from '../datasets/known-signal.dataset';
import { trainingSetOf } from '../datasets/labelled-table';
import { trainGbdt } from '../gbdt/gbdt-trainer';
import { onnxType } from './onnx-schema';
import { ONNX_INPUT, ONNX_LABEL_OUTPUT, ONNX_PROBABILITY_OUTPUT, exportOnnx, readOnnxSummary } from './onnx-export';

const data = knownSignalDataset(1000, 2);
const set = trainingSetOf(data.table, Int32Array.from({ length: 1000 }, (_, i) => i));
const { model } = trainGbdt(set, { rounds: 4, maxDepth: 3 });
const bytes = exportOnnx(model, { classLabels: [-1, 0, 1], graphName: 'test', producerVersion: '9.9.9', metadata: { 'trading.features': '["a"]', 'trading.model_id': 'x' } });

interface Decoded {
  graph: {
    node: { op_type: string; domain: string; input: string[]; output: string[]; attribute: { name: string; ints: number[]; floats: number[]; strings: string[]; s: string }[] }[];
    input: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: { dim_value?: number; dim_param?: string }[] } } } }[];
    output: { name: string }[];
  };
}

describe('ONNX export', () => {
  const type = onnxType('ModelProto');
  const decoded = type.toObject(type.decode(bytes), { longs: Number, bytes: String, defaults: true }) as Decoded;
  const node = decoded.graph.node[0];
  const attribute = (name: string) => node.attribute.find((a) => a.name === name) as Decoded['graph']['node'][0]['attribute'][0];

  it('writes one ai.onnx.ml TreeEnsembleClassifier over float features [N, F], IR 8, with the metadata given', () => {
    expect(readOnnxSummary(bytes)).toEqual({
      irVersion: 8,
      opsets: { 'ai.onnx.ml': 3, '': 17 },
      producer: 'trading-ml',
      metadata: { 'trading.features': '["a"]', 'trading.model_id': 'x' },
      operators: ['ai.onnx.ml.TreeEnsembleClassifier'],
    });
    expect(decoded.graph.input[0].name).toBe(ONNX_INPUT);
    expect(decoded.graph.input[0].type.tensor_type.elem_type).toBe(1);
    expect(decoded.graph.input[0].type.tensor_type.shape.dim).toEqual([expect.objectContaining({ dim_param: 'N' }), expect.objectContaining({ dim_value: 10 })]);
    expect(decoded.graph.output.map((o) => o.name)).toEqual([ONNX_LABEL_OUTPUT, ONNX_PROBABILITY_OUTPUT]);
    expect(node.input).toEqual([ONNX_INPUT]);
  });

  it('writes every node of every tree, float32 thresholds with BRANCH_LT, and one class vote per leaf', () => {
    const nodes = model.trees.reduce((sum, tree) => sum + tree.left.length, 0);
    const leaves = model.trees.reduce((sum, tree) => sum + Array.from(tree.left).filter((l) => l < 0).length, 0);
    expect(attribute('nodes_nodeids').ints).toHaveLength(nodes);
    const text = (base64: string): string => Buffer.from(base64, 'base64').toString('utf8');
    expect(new Set(attribute('nodes_modes').strings.map(text))).toEqual(new Set(['BRANCH_LT', 'LEAF']));
    expect(attribute('class_weights').floats).toHaveLength(leaves);
    const thresholds = attribute('nodes_values').floats;
    expect(thresholds.every((t) => Math.fround(t) === t)).toBe(true);
    expect(text(attribute('post_transform').s)).toBe('SOFTMAX');
    expect(attribute('classlabels_int64s').ints).toEqual([-1, 0, 1]);
    // Tree t votes for class t % 3.
    const treeIds = attribute('class_treeids').ints;
    const classIds = attribute('class_ids').ints;
    expect(treeIds.every((t, i) => classIds[i] === t % 3)).toBe(true);
  });

  it('writes the same bytes for the same model, and refuses a wrong number of class labels', () => {
    expect(exportOnnx(model, { classLabels: [-1, 0, 1], graphName: 'test', producerVersion: '9.9.9', metadata: { 'trading.features': '["a"]', 'trading.model_id': 'x' } })).toEqual(bytes);
    expect(() => exportOnnx(model, { classLabels: [0, 1], graphName: 'g', producerVersion: '1' })).toThrow('3 classes need 3 labels, got 2');
  });
});
