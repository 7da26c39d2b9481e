// Writes a tree ensemble as an ONNX model: one ai.onnx.ml
// TreeEnsembleClassifier node taking float features [N, F] and giving the
// label [N] (int64) and the class probabilities [N, C] (float). Every split is
// BRANCH_LT on a float32 threshold with the missing-value direction of the
// tree, so onnxruntime walks exactly the paths the TypeScript model walks.
// Leaf values are summed per class, the base margin added, then SOFTMAX
// (multi-class) or LOGISTIC (binary) gives the probabilities. The model's
// metadata carries whatever the caller puts there (feature list, versions),
// so the file alone says what it must be fed.
import type { GbdtModel } from '../gbdt/gbdt-model';
import { treesPerRound } from '../gbdt/gbdt-model';
import { ATTRIBUTE_TYPE, TENSOR_FLOAT, TENSOR_INT64, onnxType } from './onnx-schema';

/** IR version 8 and ai.onnx.ml opset 3: read by onnx 1.12's checker and current onnxruntime alike. */
const IR_VERSION = 8;
const ML_OPSET = 3;
const DEFAULT_OPSET = 17;

export const ONNX_INPUT = 'features';
export const ONNX_LABEL_OUTPUT = 'label';
export const ONNX_PROBABILITY_OUTPUT = 'probabilities';

export interface OnnxExportOptions {
  /** Label of each class, in class-index order (e.g. -1, 0, 1). */
  readonly classLabels: readonly number[];
  readonly graphName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  /** Written to the model's metadata_props, keys in the order given. */
  readonly metadata?: Readonly<Record<string, string>>;
}

type Attribute = { name: string; type: number; s?: Uint8Array; i?: number; floats?: number[]; ints?: number[]; strings?: Uint8Array[] };

export function exportOnnx(model: GbdtModel, options: OnnxExportOptions): Uint8Array {
  if (options.classLabels.length !== model.classes) throw new RangeError(`${model.classes} classes need ${model.classes} labels, got ${options.classLabels.length}`);
  const utf8 = new TextEncoder();
  const bytes = (text: string): Uint8Array => utf8.encode(text);
  const nodes = { tree: [] as number[], node: [] as number[], feature: [] as number[], mode: [] as Uint8Array[], value: [] as number[], yes: [] as number[], no: [] as number[], missingYes: [] as number[] };
  const votes = { tree: [] as number[], node: [] as number[], klass: [] as number[], weight: [] as number[] };
  const perRound = treesPerRound(model);
  const lt = bytes('BRANCH_LT');
  const leafMode = bytes('LEAF');
  model.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.left.length; n++) {
      const leaf = tree.left[n] < 0;
      nodes.tree.push(t);
      nodes.node.push(n);
      nodes.feature.push(leaf ? 0 : tree.feature[n]);
      nodes.mode.push(leaf ? leafMode : lt);
      nodes.value.push(leaf ? 0 : tree.threshold[n]);
      nodes.yes.push(leaf ? 0 : tree.left[n]);
      nodes.no.push(leaf ? 0 : tree.right[n]);
      nodes.missingYes.push(!leaf && tree.defaultLeft[n] === 1 ? 1 : 0);
      if (leaf) {
        votes.tree.push(t);
        votes.node.push(n);
        votes.klass.push(t % perRound);
        votes.weight.push(tree.value[n]);
      }
    }
  });
  const binary = model.objective === 'binary:logistic';
  const attributes: Attribute[] = [
    { name: 'classlabels_int64s', type: ATTRIBUTE_TYPE.INTS, ints: [...options.classLabels] },
    { name: 'nodes_treeids', type: ATTRIBUTE_TYPE.INTS, ints: nodes.tree },
    { name: 'nodes_nodeids', type: ATTRIBUTE_TYPE.INTS, ints: nodes.node },
    { name: 'nodes_featureids', type: ATTRIBUTE_TYPE.INTS, ints: nodes.feature },
    { name: 'nodes_modes', type: ATTRIBUTE_TYPE.STRINGS, strings: nodes.mode },
    { name: 'nodes_values', type: ATTRIBUTE_TYPE.FLOATS, floats: nodes.value },
    { name: 'nodes_truenodeids', type: ATTRIBUTE_TYPE.INTS, ints: nodes.yes },
    { name: 'nodes_falsenodeids', type: ATTRIBUTE_TYPE.INTS, ints: nodes.no },
    { name: 'nodes_missing_value_tracks_true', type: ATTRIBUTE_TYPE.INTS, ints: nodes.missingYes },
    { name: 'class_treeids', type: ATTRIBUTE_TYPE.INTS, ints: votes.tree },
    { name: 'class_nodeids', type: ATTRIBUTE_TYPE.INTS, ints: votes.node },
    { name: 'class_ids', type: ATTRIBUTE_TYPE.INTS, ints: votes.klass },
    { name: 'class_weights', type: ATTRIBUTE_TYPE.FLOATS, floats: votes.weight },
    { name: 'base_values', type: ATTRIBUTE_TYPE.FLOATS, floats: new Array<number>(perRound).fill(Math.fround(model.baseMargin)) },
    { name: 'post_transform', type: ATTRIBUTE_TYPE.STRING, s: bytes(binary ? 'LOGISTIC' : 'SOFTMAX') },
  ];
  const tensor = (name: string, elemType: number, dims: (number | string)[]) => ({
    name,
    type: { tensor_type: { elem_type: elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
  });
  const message = {
    ir_version: IR_VERSION,
    opset_import: [
      { domain: 'ai.onnx.ml', version: ML_OPSET },
      { domain: '', version: DEFAULT_OPSET },
    ],
    producer_name: 'trading-ml',
    producer_version: options.producerVersion,
    doc_string: options.docString ?? '',
    graph: {
      name: options.graphName,
      node: [{ input: [ONNX_INPUT], output: [ONNX_LABEL_OUTPUT, ONNX_PROBABILITY_OUTPUT], name: 'trees', op_type: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', attribute: attributes }],
      input: [tensor(ONNX_INPUT, TENSOR_FLOAT, ['N', model.features])],
      output: [tensor(ONNX_LABEL_OUTPUT, TENSOR_INT64, ['N']), tensor(ONNX_PROBABILITY_OUTPUT, TENSOR_FLOAT, ['N', model.classes])],
    },
    metadata_props: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  const type = onnxType('ModelProto');
  return type.encode(type.fromObject(message)).finish();
}

export interface OnnxModelSummary {
  readonly irVersion: number;
  readonly opsets: Readonly<Record<string, number>>;
  readonly producer: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly operators: readonly string[];
}

/** The header of an ONNX file (as far as this subset reads it): versions, producer, metadata, operators. */
export function readOnnxSummary(bytes: Uint8Array): OnnxModelSummary {
  const type = onnxType('ModelProto');
  const decoded = type.toObject(type.decode(bytes), { longs: Number, bytes: String, defaults: true }) as {
    ir_version: number;
    opset_import: { domain: string; version: number }[];
    producer_name: string;
    metadata_props: { key: string; value: string }[];
    graph?: { node: { op_type: string; domain: string }[] };
  };
  return {
    irVersion: decoded.ir_version,
    opsets: Object.fromEntries(decoded.opset_import.map((o) => [o.domain, o.version])),
    producer: decoded.producer_name,
    metadata: Object.fromEntries(decoded.metadata_props.map((p) => [p.key, p.value])),
    operators: (decoded.graph?.node ?? []).map((n) => `${n.domain}.${n.op_type}`),
  };
}
