// keras/src/layers/activations/: the activation layers with options or weights of their own.
import type { ELUConfig, LeakyReLUConfig, PReLUConfig, ReLUConfig, SoftmaxConfig } from '../../../layers/advanced-activations.js';
import { resolveAxis } from '../../../ir/shape.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';

/**
 * Keras' `ReLU.static_call` step by step: leaky ReLU alone when it is one; otherwise the thresholded
 * or capped positive part, minus `negative_slope · relu(threshold - x)`.
 */
function relu(g: OnnxGraph, x: Value, { max_value, negative_slope, threshold }: ReLUConfig): Value {
  if (negative_slope !== 0 && max_value === null && threshold === 0) return g.op('LeakyRelu', [x], { alpha: negative_slope });
  let y: Value;
  if (threshold !== 0) y = g.op('Where', [g.op('Greater', [x, g.scalar(threshold)]), x, g.scalar(0)]);
  else y = max_value === null ? g.op('Relu', [x]) : g.op('Clip', [x, g.scalar(0), g.scalar(max_value)]);
  if (threshold !== 0 && max_value !== null) y = g.op('Clip', [y, g.scalar(0), g.scalar(max_value)]);
  if (negative_slope === 0) return y;
  const below = g.op('Relu', [threshold !== 0 ? g.op('Sub', [g.scalar(threshold), x]) : g.op('Neg', [x])]);
  return g.op('Sub', [y, g.op('Mul', [g.scalar(negative_slope), below])]);
}

const RELU_LOWERING: Lowering<ReLUConfig> = { className: 'ReLU', lower: (g, call, [x]) => [relu(g, x!, call.config)] };

const LEAKY_RELU_LOWERING: Lowering<LeakyReLUConfig> = {
  className: 'LeakyReLU',
  lower: (g, call, [x]) => [g.op('LeakyRelu', [x!], { alpha: call.config.negative_slope })],
};

const ELU_LOWERING: Lowering<ELUConfig> = { className: 'ELU', lower: (g, call, [x]) => [g.op('Elu', [x!], { alpha: call.config.alpha })] };

/** relu(x) - alpha·relu(-x) is ONNX's PRelu; alpha, shaped like one sample, broadcasts over the batch. */
const PRELU_LOWERING: Lowering<PReLUConfig> = { className: 'PReLU', lower: (g, call, [x]) => [g.op('PRelu', [x!, g.weight(call.weights.alpha!)])] };

/** Several axes are normalised together as exp(x - logsumexp(x, axes)), as Keras' Softmax layer does. */
const SOFTMAX_LOWERING: Lowering<SoftmaxConfig> = {
  className: 'Softmax',
  lower(g, call, [x]) {
    const rank = call.inputs[0]!.shape.length;
    const axes = (Array.isArray(call.config.axis) ? call.config.axis : [call.config.axis]).map((a) => resolveAxis(a, rank));
    if (axes.length === 1) return [g.op('Softmax', [x!], { axis: axes[0]! })];
    return [g.op('Exp', [g.op('Sub', [x!, g.reduce('ReduceLogSumExp', x!, axes, true)])])];
  },
};

export const ADVANCED_ACTIVATION_LOWERINGS = [RELU_LOWERING, LEAKY_RELU_LOWERING, ELU_LOWERING, PRELU_LOWERING, SOFTMAX_LOWERING];
