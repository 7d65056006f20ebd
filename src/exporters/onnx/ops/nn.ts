// keras/src/backend/tensorflow/nn.py: the activations as operations. They keep the input dtype, but
// are computed in float32 with the activation lowerings (whose constants are float32) and cast back:
// onnxruntime has no integer kernels for most of them, and TensorFlow's half-precision kernels
// compute in float32 too.
import type { OperationDefinition } from '../../../ir/operation.js';
import * as N from '../../../ops/nn.js';
import type { OnnxGraph, Value } from '../graph.js';
import { activation, gelu, hardSigmoidKeras3 } from '../lowerings/activations.js';
import type { OpLowering, OpTensor } from './op-call.js';
import { cast } from './typed.js';

function inFloat32<C extends object>(definition: OperationDefinition<C>, apply: (g: OnnxGraph, x: Value, config: C) => Value): OpLowering<C> {
  return {
    definition,
    lower(g, call) {
      const x = call.args[0] as OpTensor;
      const dtype = call.outputs[0]!.dtype;
      return [cast(g, apply(g, cast(g, x.value, x.dtype, 'float32'), call.config), 'float32', dtype)];
    },
  };
}

/** `axis=None` normalises over every element: Keras flattens, applies the op on the last axis, and restores the shape. */
function overAxis(type: 'Softmax' | 'LogSoftmax') {
  return (g: OnnxGraph, x: Value, { axis }: { axis: number | null }): Value => {
    if (axis !== null) return g.op(type, [x], { axis });
    const flat = g.op(type, [g.op('Reshape', [x, g.int64s([-1])])], { axis: 0 });
    return g.op('Reshape', [flat, g.op('Shape', [x])]);
  };
}

export const NN_OP_LOWERINGS = [
  inFloat32(N.Relu, (g, x) => activation(g, 'relu', x)),
  inFloat32(N.Relu6, (g, x) => activation(g, 'relu6', x)),
  inFloat32(N.Sigmoid, (g, x) => activation(g, 'sigmoid', x)),
  // The operation is Keras 3's formula whichever Keras wrote the file: tf.keras 2 never recorded it.
  inFloat32(N.HardSigmoid, hardSigmoidKeras3),
  inFloat32(N.Silu, (g, x) => activation(g, 'silu', x)),
  inFloat32(N.Softplus, (g, x) => activation(g, 'softplus', x)),
  inFloat32(N.Softmax, overAxis('Softmax')),
  inFloat32(N.LogSoftmax, overAxis('LogSoftmax')),
  inFloat32(N.Gelu, (g, x, c) => gelu(g, x, c.approximate)),
  inFloat32(N.Elu, (g, x, c) => g.op('Elu', [x], { alpha: c.alpha })),
  inFloat32(N.LeakyRelu, (g, x, c) => g.op('LeakyRelu', [x], { alpha: c.negative_slope })),
];
