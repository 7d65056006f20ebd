// Keras' built-in activations (keras/src/activations/activations.py), each as the ops the TensorFlow
// backend runs (keras/src/backend/tensorflow/nn.py), so that rounding follows Keras' own formula.
import type { ActivationConfig } from '../../../layers/activation.js';
import type { Activation, ActivationName } from '../../../layers/common.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';

type ActivationLowering = (g: OnnxGraph, x: Value) => Value;

const clip = (g: OnnxGraph, x: Value, min: number, max: number) => g.op('Clip', [x, g.scalar(min), g.scalar(max)]);

/** Keras 3's `relu6(x + 3) / 6`. */
const hardSigmoidKeras3 = (g: OnnxGraph, x: Value) => g.op('Div', [clip(g, g.op('Add', [x, g.scalar(3)]), 0, 6), g.scalar(6)]);

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
};

/** Why an `activation` option cannot be lowered, or undefined. `null` is Keras' `activation=None`. */
export function activationUnsupported(activation: Activation): string | undefined {
  if (activation === null) return undefined;
  if (typeof activation !== 'string') return `activation ${JSON.stringify(activation)} is not a built-in activation name`;
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
