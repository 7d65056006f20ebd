import { resolveAxis } from '../../../ir/shape.js';
import type { NestedNumbers, NormalizationConfig, RescalingConfig } from '../../../layers/preprocessing.js';
import type { LayerCall, Lowering, OnnxGraph, Value } from '../graph.js';
import { ONNX_DATA_TYPE, float32Tensor, weightTensor } from '../tensor-data.js';

/** A Keras array argument's values and shape, which its nesting gives. */
function nested(value: NestedNumbers): { values: number[]; dims: number[] } {
  const dims: number[] = [];
  for (let v = value; Array.isArray(v); v = (v as readonly NestedNumbers[])[0]!) dims.push((v as readonly NestedNumbers[]).length);
  return { values: [value].flat(Infinity as 1) as number[], dims };
}

/** A Keras array argument as a constant. */
function nestedConstant(g: OnnxGraph, value: NestedNumbers): Value {
  const { values, dims } = nested(value);
  return g.constant(float32Tensor(values, dims));
}

/** `cast(x, float32) * scale + offset` (keras/src/layers/preprocessing/rescaling.py). */
const RESCALING_LOWERING: Lowering<RescalingConfig> = {
  className: 'Rescaling',
  lower(g, call, [x]) {
    const floats = call.inputs[0]!.dtype === 'float32' ? x! : g.op('Cast', [x!], { to: ONNX_DATA_TYPE.float32 });
    return [g.op('Add', [g.op('Mul', [floats, nestedConstant(g, call.config.scale)]), nestedConstant(g, call.config.offset)])];
  },
};

/**
 * Normalization's mean or variance and the dims it broadcasts with: an adapted variable spans the
 * kept axes; given statistics line up with the kept axes from the right (Keras' `build`), a scalar with all.
 */
function statistic(call: LayerCall<NormalizationConfig>, name: 'mean' | 'variance'): { values: ArrayLike<number>; dims: number[] } {
  const rank = call.inputs[0]!.shape.length;
  const kept = (call.config.axis as number[]).map((a) => resolveAxis(a, rank)).sort((a, b) => a - b);
  const given = call.config[name];
  const { values, dims: shape } = given === null ? { values: weightTensor(call.weights[name]!, call.name).data as Float32Array, dims: call.weights[name]!.shape } : nested(given);
  const dims = Array<number>(rank).fill(1);
  shape.forEach((d, i) => (dims[kept[kept.length - shape.length + i]!] = d));
  return { values, dims };
}

/**
 * keras/src/layers/preprocessing/normalization.py in float32: (x - mean) / max(sqrt(variance), 1e-7),
 * or with `invert` mean + x · max(sqrt(variance), 1e-7). The denominator is folded at export time;
 * Math.sqrt of a float32 rounded to float32 is TensorFlow's correctly rounded float32 square root.
 */
const NORMALIZATION_LOWERING: Lowering<NormalizationConfig> = {
  className: 'Normalization',
  lower(g, call, [x]) {
    const mean = statistic(call, 'mean');
    const variance = statistic(call, 'variance');
    const epsilon = Math.fround(1e-7);
    const scale = g.constant(float32Tensor(Array.from(Float32Array.from(variance.values), (v) => Math.max(Math.fround(Math.sqrt(v)), epsilon)), variance.dims));
    const shift = g.constant(float32Tensor(mean.values, mean.dims));
    const floats = call.inputs[0]!.dtype === 'float32' ? x! : g.op('Cast', [x!], { to: ONNX_DATA_TYPE.float32 });
    if (call.config.invert) return [g.op('Add', [shift, g.op('Mul', [floats, scale])])];
    return [g.op('Div', [g.op('Sub', [floats, shift]), scale])];
  },
};

export const PREPROCESSING_LOWERINGS = [RESCALING_LOWERING, NORMALIZATION_LOWERING];
