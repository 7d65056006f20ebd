import { KerasBridgeError } from '../../ir/errors.js';
import { savedClassName, type SavedLayerEntry, type SavedTensorRef } from './saved-config.js';

/**
 * tf.keras 2.2-2.3 recorded a TF function applied to symbolic tensors as a `TensorFlowOpLayer` holding
 * the raw graph NodeDef (`op: 'Reshape'`, inputs by name, constant inputs by position). Later tf.keras
 * wrote the same call as a `TFOpLambda` naming the Python function; each raw op here is rewritten as that
 * call, so one mapping onto Keras operations serves both.
 */
interface RawOp {
  /** The TF Python function tf.keras 2.4+ would have recorded. */
  fn: string;
  /** Its parameters, in the NodeDef's input order; `values` takes every input but the last. */
  params: string[];
  /** NodeDef attributes that carry a parameter: attribute name to parameter name. */
  attrs?: Record<string, string>;
}

const binary = (fn: string): RawOp => ({ fn, params: ['x', 'y'] });
const unary = (fn: string, param = 'x'): RawOp => ({ fn, params: [param] });
const reduction = (fn: string): RawOp => ({ fn, params: ['input_tensor', 'axis'], attrs: { keep_dims: 'keepdims' } });

const RAW_OPS: Record<string, RawOp> = {
  AddV2: binary('math.add'),
  Add: binary('math.add'),
  Sub: binary('math.subtract'),
  Mul: binary('math.multiply'),
  RealDiv: binary('math.truediv'),
  Maximum: binary('math.maximum'),
  Minimum: binary('math.minimum'),
  Pow: binary('math.pow'),
  MatMul: { fn: 'linalg.matmul', params: ['a', 'b'] },
  Relu: unary('nn.relu', 'features'),
  Sigmoid: unary('math.sigmoid'),
  Tanh: unary('math.tanh'),
  Exp: unary('math.exp'),
  Log: unary('math.log'),
  Sqrt: unary('math.sqrt'),
  Square: unary('math.square'),
  Neg: unary('math.negative'),
  Abs: unary('math.abs'),
  Softmax: unary('nn.softmax', 'logits'),
  Reshape: { fn: 'reshape', params: ['tensor', 'shape'] },
  Transpose: { fn: 'transpose', params: ['a', 'perm'] },
  ExpandDims: { fn: 'expand_dims', params: ['input', 'axis'] },
  Squeeze: { fn: 'squeeze', params: ['input'], attrs: { squeeze_dims: 'axis' } },
  ConcatV2: { fn: 'concat', params: ['values', 'axis'] },
  Sum: reduction('math.reduce_sum'),
  Mean: reduction('math.reduce_mean'),
  Max: reduction('math.reduce_max'),
  Min: reduction('math.reduce_min'),
  Prod: reduction('math.reduce_prod'),
};

interface NodeDef {
  op?: string;
  input?: string[];
  attr?: Record<string, { b?: boolean; i?: number; list?: { i?: number[] } }>;
}

function attrValue(attr: { b?: boolean; i?: number; list?: { i?: number[] } }): unknown {
  return attr.b ?? attr.i ?? attr.list?.i;
}

/** A `TensorFlowOpLayer` entry as the `TFOpLambda` entry tf.keras 2.4+ would have written for it. */
export function tfOpLayerAsLambda(entry: SavedLayerEntry, file?: string): SavedLayerEntry {
  if (savedClassName(entry) !== 'TensorFlowOpLayer') return entry;
  const config = entry.config as { name?: string; node_def?: NodeDef; constants?: Record<string, unknown> };
  const op = config.node_def?.op ?? '';
  const raw = RAW_OPS[op];
  if (!raw) {
    throw new KerasBridgeError(
      'UNKNOWN_LAYER_CLASS',
      `Unsupported raw TF op '${op}' in TensorFlowOpLayer '${String(config.name)}'${file ? ` in ${file}` : ''}. ` +
        `kerasbridge maps ${Object.keys(RAW_OPS).join(', ')}; rebuild the model with keras.ops or layers instead.`,
      { layer: config.name, file },
    );
  }
  const inputCount = config.node_def?.input?.length ?? 0;
  const constants = config.constants ?? {};
  const attributes = Object.fromEntries(
    Object.entries(raw.attrs ?? {}).flatMap(([attr, param]) => {
      const value = config.node_def?.attr?.[attr];
      return value ? [[param, attrValue(value)]] : [];
    }),
  );
  const inbound_nodes = (entry.inbound_nodes ?? []).map((node) => {
    const tensors = [...(node as SavedTensorRef[])];
    // Tensor inputs come in NodeDef order, skipping the positions `constants` fills.
    const inputs = Array.from({ length: inputCount }, (_, i) => (String(i) in constants ? { constant: constants[String(i)] } : tensors.shift()));
    const valuesCount = raw.params[0] === 'values' ? inputCount - 1 : 1;
    const named = Object.fromEntries(
      raw.params.slice(1).map((param, k) => {
        const input = inputs[valuesCount + k] as { constant: unknown } | SavedTensorRef | undefined;
        return [param, input && 'constant' in input ? input.constant : input?.slice(0, 3)];
      }),
    );
    const kwargs = { ...named, ...attributes };
    const first = inputs.slice(0, valuesCount) as SavedTensorRef[];
    if (first.some((t) => !Array.isArray(t))) {
      throw new KerasBridgeError('UNKNOWN_LAYER_CLASS', `TensorFlowOpLayer '${String(config.name)}' applies '${op}' to a constant first input, which kerasbridge does not support.`, { layer: config.name, file });
    }
    const records = first.map((t, i) => [t[0], t[1], t[2], i === 0 ? kwargs : {}]);
    return (valuesCount === 1 && raw.params[0] !== 'values' ? records[0] : records) as SavedTensorRef[];
  });
  return { ...entry, class_name: 'TFOpLambda', config: { name: entry.name ?? config.name, trainable: true, function: raw.fn }, inbound_nodes };
}
