// keras/src/backend/tensorflow/numpy.py `matmul` and `dot`: both multiply in a float dtype (GPUs have
// only float kernels) and cast the product to the promoted dtype, except int8 @ int8, which
// TensorFlow multiplies exactly into int32.
import type { DType } from '../../../ir/shape.js';
import { resultType } from '../../../ops/dtypes.js';
import * as L from '../../../ops/linalg.js';
import type { OnnxGraph, Value } from '../graph.js';
import type { OpLowering, OpTensor } from './op-call.js';
import { cast, inKernelType } from './typed.js';

type NoConfig = Record<never, never>;

function product(definition: typeof L.Matmul, multiply: (g: OnnxGraph, a: OpTensor, b: OpTensor, inputs: Value[]) => Value): OpLowering<NoConfig> {
  return {
    definition,
    lower(g, call) {
      const [a, b] = call.args as [OpTensor, OpTensor];
      const out = call.outputs[0]!.dtype;
      const exactInt8 = a.dtype === 'int8' && b.dtype === 'int8' && out === 'int32';
      const dtype: DType = exactInt8 ? 'int32' : resultType(out, 'float');
      const inputs = [a, b].map((x) => cast(g, x.value, x.dtype, dtype));
      return [cast(g, inKernelType(g, 'MatMul', dtype, inputs, (xs) => multiply(g, a, b, xs)), dtype, out)];
    },
  };
}

const letters = (n: number, from: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(from + i)).join('');

/**
 * numpy's `dot`: a product with a scalar is element-wise; with a vector second operand it contracts
 * the last axes (MatMul's rule too); otherwise the last axis of x1 against the second to last of x2,
 * every other axis kept, without broadcasting: an Einsum.
 */
function dot(g: OnnxGraph, a: OpTensor, b: OpTensor, [x, y]: Value[]): Value {
  const [r1, r2] = [a.shape.length, b.shape.length];
  if (r1 === 0 || r2 === 0) return g.op('Mul', [x!, y!]);
  if (r2 === 1) return g.op('MatMul', [x!, y!]);
  const first = letters(r1 - 1, 97);
  const second = letters(r2 - 2, 97 + r1 - 1);
  const last = String.fromCharCode(97 + r1 + r2 - 3);
  return g.op('Einsum', [x!, y!], { equation: `${first}z,${second}z${last}->${first}${second}${last}` });
}

export const LINALG_OP_LOWERINGS = [product(L.Matmul, (g, _a, _b, xs) => g.op('MatMul', xs)), product(L.Dot, dot)];
