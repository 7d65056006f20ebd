import { resolveAxis } from '../../../ir/shape.js';
import type { BatchNormalizationConfig, LayerNormalizationConfig } from '../../../layers/normalization.js';
import type { LayerCall, Lowering, OnnxGraph, Value } from '../graph.js';
import { float32Tensor, weightSource, weightTensor } from '../tensor-data.js';

/** Dims that broadcast a per-axis vector of length `n` along `axis` of a rank-`rank` tensor. */
const alongAxis = (n: number, axis: number, rank: number) => [n, ...Array<number>(rank - 1 - axis).fill(1)];

/**
 * Inference BatchNormalization as tf.nn.batch_normalization computes it: x·inv + (beta - mean·inv)
 * with inv = gamma / sqrt(moving_variance + epsilon). Both vectors are folded at export time in
 * float32, so the graph is one Mul and one Add along the channel axis, in any layout.
 */
const BATCH_NORMALIZATION_LOWERING: Lowering<BatchNormalizationConfig> = {
  className: 'BatchNormalization',
  lower(g, call, [x]) {
    const c = call.config;
    const values = (name: string) => weightTensor(call.weights[name]!, call.name).data as Float32Array;
    const mean = values('moving_mean');
    const variance = values('moving_variance');
    const gamma = c.scale ? values('gamma') : undefined;
    const beta = c.center ? values('beta') : undefined;
    const inv = variance.map((v, i) => Math.fround(Math.fround(1 / Math.sqrt(Math.fround(v + c.epsilon))) * (gamma?.[i] ?? 1)));
    const shift = inv.map((s, i) => Math.fround((beta?.[i] ?? 0) - Math.fround(mean[i]! * s)));
    const rank = call.inputs[0]!.shape.length;
    const dims = alongAxis(inv.length, resolveAxis(c.axis, rank), rank);
    const scaled = g.op('Mul', [x!, g.initializer(`${call.name}/scale`, float32Tensor(inv, dims))]);
    return [g.op('Add', [scaled, g.initializer(`${call.name}/shift`, float32Tensor(shift, dims))])];
  },
};

/** Where gamma and beta broadcast: the normalised axes' sizes from the first of them on, 1 between (Keras' `_broadcast`). */
function parameterDims(call: LayerCall<LayerNormalizationConfig>, axes: readonly number[]): number[] {
  const shape = call.inputs[0]!.shape;
  return shape.slice(axes[0]).map((d, i) => (axes.includes(axes[0]! + i) ? d! : 1));
}

function parameter(g: OnnxGraph, call: LayerCall<LayerNormalizationConfig>, name: string, dims: readonly number[]): Value {
  const weight = call.weights[name]!;
  return g.initializer(weight.path, weightSource(weight, call.name, dims));
}

/**
 * keras.ops.layer_normalization (keras/src/ops/nn.py): with moments m, v over the axes and
 * inv = gamma / sqrt(v + epsilon), x·inv + (beta - m·inv); with `rms_scaling`, x·gamma / sqrt(v + epsilon).
 * From opset 17 ONNX's LayerNormalization computes the first when the axes are the trailing ones.
 */
const LAYER_NORMALIZATION_LOWERING: Lowering<LayerNormalizationConfig> = {
  className: 'LayerNormalization',
  lower(g, call, [x]) {
    const c = call.config;
    const rank = call.inputs[0]!.shape.length;
    const axes = (Array.isArray(c.axis) ? c.axis : [c.axis]).map((a) => resolveAxis(a, rank)).sort((a, b) => a - b);
    const dims = parameterDims(call, axes);
    const gamma = c.scale ? parameter(g, call, 'gamma', dims) : undefined;
    const beta = c.center && !c.rms_scaling ? parameter(g, call, 'beta', dims) : undefined;
    if (g.opset >= 17 && axes.length === rank - axes[0]! && !c.rms_scaling) {
      const ones = () => g.constant(float32Tensor(Array<number>(dims.reduce((n, d) => n * d, 1)).fill(1), dims));
      return [g.op('LayerNormalization', [x!, gamma ?? ones(), beta], { axis: axes[0]!, epsilon: c.epsilon })];
    }
    const mean = g.reduce('ReduceMean', x!, axes, true);
    const centered = g.op('Sub', [x!, mean]);
    const variance = g.reduce('ReduceMean', g.op('Mul', [centered, centered]), axes, true);
    const rsqrt = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, g.scalar(c.epsilon)])])]);
    if (c.rms_scaling) {
      const y = g.op('Mul', [x!, rsqrt]);
      return [gamma ? g.op('Mul', [y, gamma]) : y];
    }
    const inv = gamma ? g.op('Mul', [rsqrt, gamma]) : rsqrt;
    const shift = g.op('Neg', [g.op('Mul', [mean, inv])]);
    return [g.op('Add', [g.op('Mul', [x!, inv]), beta ? g.op('Add', [shift, beta]) : shift])];
  },
};

export const NORMALIZATION_LOWERINGS = [BATCH_NORMALIZATION_LOWERING, LAYER_NORMALIZATION_LOWERING];
