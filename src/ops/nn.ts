import type { TfOpSignature } from '../ir/operation.js';
import type { TensorSpec } from '../ir/tensor.js';
import { canonicalizeAxis } from './common.js';
import { same, unary } from './elementwise-unary.js';

const NN = { module: 'keras.src.ops.nn' };
const onFeatures = (fn: string, more: Omit<TfOpSignature, 'functions' | 'args'> = {}): TfOpSignature => ({ functions: [fn], args: ['features'], ...more });

/** Softmax-like ops check their axis against the rank, as Keras' `canonicalize_axes` does. */
const checkAxis = (x: TensorSpec, c: { axis: number | null }) => {
  if (c.axis !== null) canonicalizeAxis(c.axis, x.shape.length);
};

// Keras' nn activations keep the input dtype, integers included.
export const Relu = unary('Relu', same, onFeatures('nn.relu'), NN);
export const Relu6 = unary('Relu6', same, onFeatures('nn.relu6'), NN);
export const Sigmoid = unary('Sigmoid', same, 'math.sigmoid', NN);
/** Keras 3's relu6(x + 3) / 6; tf.keras 2's hard_sigmoid was another formula and is not mapped. */
export const HardSigmoid = unary('HardSigmoid', same, undefined, NN);
export const Silu = unary('Silu', same, onFeatures('nn.silu'), NN);
export const Softplus = unary('Softplus', same, { functions: ['math.softplus', 'nn.softplus'], args: ['features'] }, NN);
export const Softmax = unary<{ axis: number | null }>('Softmax', same, { functions: ['nn.softmax'], args: ['logits'], config: { axis: 'axis' } }, {
  ...NN, defaults: { axis: -1 }, validate: checkAxis,
});
export const LogSoftmax = unary<{ axis: number | null }>('LogSoftmax', same, { functions: ['nn.log_softmax'], args: ['logits'], config: { axis: 'axis' } }, {
  ...NN, defaults: { axis: -1 }, validate: checkAxis,
});
export const Gelu = unary<{ approximate: boolean }>('Gelu', same, onFeatures('nn.gelu', { config: { approximate: 'approximate' }, defaults: { approximate: false } }), {
  ...NN, defaults: { approximate: true },
});
export const Elu = unary<{ alpha: number }>('Elu', same, onFeatures('nn.elu'), { ...NN, defaults: { alpha: 1.0 } });
export const LeakyRelu = unary<{ negative_slope: number }>('LeakyRelu', same, onFeatures('nn.leaky_relu', { config: { negative_slope: 'alpha' } }), {
  ...NN, defaults: { negative_slope: 0.2 },
});
