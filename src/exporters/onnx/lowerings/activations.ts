// Keras' built-in activations (keras/src/activations/activations.py), each as the ops the TensorFlow
// backend runs (keras/src/backend/tensorflow/nn.py), so that rounding follows Keras' own formula.
import type { ActivationConfig } from '../../../layers/activation.js';
import type { Activation, ActivationName } from '../../../layers/common.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';
import { ONNX_DATA_TYPE } from '../tensor-data.js';

type ActivationLowering = (g: OnnxGraph, x: Value) => Value;

const clip = (g: OnnxGraph, x: Value, min: number, max: number) => g.op('Clip', [x, g.scalar(min), g.scalar(max)]);

/** Keras 3's `relu6(x + 3) / 6`. */
export const hardSigmoidKeras3 = (g: OnnxGraph, x: Value) => g.op('Div', [clip(g, g.op('Add', [x, g.scalar(3)]), 0, 6), g.scalar(6)]);

/**
 * `tf.nn.gelu`: exact, or the tanh approximation `keras.ops.gelu` defaults to. TF writes the exact
 * form as 0.5x·erfc(-x/√2); ONNX has no Erfc, and 1 + erf(x/√2) differs from it only by float32
 * cancellation where the result is below 1e-6 in magnitude.
 */
export function gelu(g: OnnxGraph, x: Value, approximate: boolean): Value {
  const half = g.op('Mul', [g.scalar(0.5), x]);
  if (!approximate) return g.op('Mul', [half, g.op('Add', [g.scalar(1), g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])])])]);
  const cubic = g.op('Add', [x, g.op('Mul', [g.scalar(0.044715), g.op('Pow', [x, g.scalar(3)])])]);
  return g.op('Mul', [half, g.op('Add', [g.scalar(1), g.op('Tanh', [g.op('Mul', [g.scalar(Math.sqrt(2 / Math.PI)), cubic])])])]);
}

/** 0 for x ≤ -1, `middle` for -1 < x < 1, `above` for x ≥ 1: Keras' sparse_plus and sparse_sigmoid. */
function piecewise(g: OnnxGraph, x: Value, middle: Value, above: Value): Value {
  return g.op('Where', [g.op('LessOrEqual', [x, g.scalar(-1)]), g.scalar(0), g.op('Where', [g.op('Less', [x, g.scalar(1)]), middle, above])]);
}

/**
 * TensorFlow's sparsemax in Keras (backend/tensorflow/nn.py) over the last axis, of any size: the values
 * sorted down and their running sums z give the support {k : sorted_k - (z_k - 1) / k > 0}, and
 * the output is max(x - τ, 0) with τ = (Σ_support z_k - 1) / |support|.
 */
function sparsemax(g: OnnxGraph, x: Value): Value {
  const last = g.constant({ dtype: 'int64', dims: [], data: BigInt64Array.of(-1n) });
  const size = g.op('Gather', [g.op('Shape', [x]), last]);
  const [sorted] = g.op('TopK', [x, g.unsqueeze(size, [0])], { axis: -1, largest: 1, sorted: 1 }, 2);
  const sums = g.op('CumSum', [sorted!, last]);
  const ranks = g.op('Range', [g.scalar(1), g.op('Add', [g.op('Cast', [size], { to: ONNX_DATA_TYPE.float32 }), g.scalar(1)]), g.scalar(1)]);
  const support = g.op('Greater', [g.op('Sub', [sorted!, g.op('Div', [g.op('Sub', [sums, g.scalar(1)]), ranks])]), g.scalar(0)]);
  const count = g.reduce('ReduceSum', g.op('Cast', [support], { to: ONNX_DATA_TYPE.float32 }), [-1], true);
  const total = g.reduce('ReduceSum', g.op('Where', [support, sums, g.scalar(0)]), [-1], true);
  const tau = g.op('Div', [g.op('Sub', [total, g.scalar(1)]), count]);
  return g.op('Max', [g.op('Sub', [x, tau]), g.scalar(0)]);
}

const ACTIVATIONS: Partial<Record<ActivationName, ActivationLowering>> = {
  linear: (_g, x) => x,
  relu: (g, x) => g.op('Relu', [x]),
  relu6: (g, x) => clip(g, x, 0, 6),
  leaky_relu: (g, x) => g.op('LeakyRelu', [x], { alpha: 0.2 }),
  elu: (g, x) => g.op('Elu', [x], { alpha: 1 }),
  // ONNX's default alpha and gamma are TensorFlow's SELU constants rounded to float32.
  selu: (g, x) => g.op('Selu', [x]),
  celu: (g, x) => g.op('Celu', [x], { alpha: 1 }),
  gelu: (g, x) => gelu(g, x, false),
  sigmoid: (g, x) => g.op('Sigmoid', [x]),
  // Keras 1 and 2 (and TF.js) computed clip(0.2x + 0.5, 0, 1) under the same name.
  hard_sigmoid: (g, x) => (g.kerasMajor >= 3 ? hardSigmoidKeras3(g, x) : g.op('HardSigmoid', [x], { alpha: 0.2, beta: 0.5 })),
  hard_silu: (g, x) => g.op('Mul', [x, hardSigmoidKeras3(g, x)]),
  hard_swish: (g, x) => g.op('Mul', [x, hardSigmoidKeras3(g, x)]),
  silu: (g, x) => g.op('Mul', [x, g.op('Sigmoid', [x])]),
  swish: (g, x) => g.op('Mul', [x, g.op('Sigmoid', [x])]),
  tanh: (g, x) => g.op('Tanh', [x]),
  hard_tanh: (g, x) => clip(g, x, -1, 1),
  tanh_shrink: (g, x) => g.op('Sub', [x, g.op('Tanh', [x])]),
  hard_shrink: (g, x) => g.op('Shrink', [x], { lambd: 0.5, bias: 0 }),
  soft_shrink: (g, x) => g.op('Shrink', [x], { lambd: 0.5, bias: 0.5 }),
  squareplus: (g, x) => g.op('Div', [g.op('Add', [x, g.op('Sqrt', [g.op('Add', [g.op('Mul', [x, x]), g.scalar(4)])])]), g.scalar(2)]),
  softmax: (g, x) => g.op('Softmax', [x], { axis: -1 }),
  log_softmax: (g, x) => g.op('LogSoftmax', [x], { axis: -1 }),
  // tf.math.log_sigmoid(x) is -softplus(-x).
  log_sigmoid: (g, x) => g.op('Neg', [g.op('Softplus', [g.op('Neg', [x])])]),
  softplus: (g, x) => g.op('Softplus', [x]),
  softsign: (g, x) => g.op('Softsign', [x]),
  exponential: (g, x) => g.op('Exp', [x]),
  mish: (g, x) => g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x])])]),
  sparse_plus: (g, x) => {
    const shifted = g.op('Add', [x, g.scalar(1)]);
    return piecewise(g, x, g.op('Mul', [g.scalar(0.25), g.op('Mul', [shifted, shifted])]), x);
  },
  sparse_sigmoid: (g, x) => piecewise(g, x, g.op('Mul', [g.scalar(0.5), g.op('Add', [x, g.scalar(1)])]), g.scalar(1)),
  sparsemax,
};

/** The built-in activations no graph can reproduce as Keras 3.15 runs them (measured), and why. */
const NOT_LOWERABLE: Partial<Record<ActivationName, string>> = {
  threshold: 'Keras cannot call it as an activation either: threshold(x, threshold, default_value) gets x alone',
  glu: "Keras computes half of the last axis but declares the input's shape, and an ONNX graph cannot declare one shape and compute another",
};

/** Why an `activation` option cannot be lowered, or undefined. `null` is Keras' `activation=None`. */
export function activationUnsupported(activation: Activation): string | undefined {
  if (activation === null) return undefined;
  if (typeof activation !== 'string') return `activation ${JSON.stringify(activation)} is not a built-in activation name`;
  const reason = NOT_LOWERABLE[activation as ActivationName];
  if (reason) return `activation '${activation}' has no ONNX lowering: ${reason}`;
  return ACTIVATIONS[activation as ActivationName] ? undefined : `activation '${activation}' has no ONNX lowering yet`;
}

/** Applies an `activation` option checked by `activationUnsupported`. */
export function activation(g: OnnxGraph, name: Activation, x: Value): Value {
  return name === null ? x : ACTIVATIONS[name as ActivationName]!(g, x);
}

export const ACTIVATION_LOWERING: Lowering<ActivationConfig> = {
  className: 'Activation',
  unsupported: (call) => activationUnsupported(call.config.activation),
  lower: (g, call, [x]) => [activation(g, call.config.activation, x!)],
};
