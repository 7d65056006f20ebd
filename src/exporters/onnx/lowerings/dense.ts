import type { DenseConfig } from '../../../layers/dense.js';
import type { Lowering } from '../graph.js';
import { activation, activationUnsupported } from './activations.js';

/** `activation(x @ kernel + bias)` (keras/src/layers/core/dense.py); one Gemm when `x` is a matrix. */
export const DENSE_LOWERING: Lowering<DenseConfig> = {
  className: 'Dense',
  unsupported: (call) => activationUnsupported(call.config.activation),
  lower(g, call, [x]) {
    const c = call.config;
    const kernel = g.weight(call.weights.kernel!);
    const bias = c.use_bias ? g.weight(call.weights.bias!) : undefined;
    const y =
      call.inputs[0]!.shape.length === 2
        ? g.op('Gemm', [x!, kernel, bias])
        : bias
          ? g.op('Add', [g.op('MatMul', [x!, kernel]), bias])
          : g.op('MatMul', [x!, kernel]);
    return [activation(g, c.activation, y)];
  },
};
