import { KerasBridgeError } from '../ir/errors.js';
import { formatShape, type Dim } from '../ir/shape.js';
import { broadcastShapes } from './common.js';
import { resultType, type DTypeOperand } from './dtypes.js';
import { binaryOp } from './elementwise-binary.js';

/** Keras' `compute_matmul_output_shape`: numpy's rule, 1-D operands promoted then their dim dropped. */
function matmulShape(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const x = a.length === 1 ? [1, a[0]!] : a;
  const y = b.length === 1 ? [b[0]!, 1] : b;
  const [inner1, inner2] = [x[x.length - 1], y[y.length - 2]];
  if (inner1 !== null && inner2 !== null && inner1 !== inner2) {
    throw new KerasBridgeError('INCOMPATIBLE_SHAPES', `Inner dimensions (\`x1.shape[-1]\` and \`x2.shape[-2]\`) must be equal, but received \`x1.shape=${formatShape(x)}\` and \`x2.shape=${formatShape(y)}\`.`);
  }
  const out = [...broadcastShapes(x.slice(0, -2), y.slice(0, -2)), x[x.length - 2]!, y[y.length - 1]!];
  if (a.length === 1) out.splice(-2, 1);
  if (b.length === 1) out.pop();
  return out;
}

const matmulDType = (a: DTypeOperand, b: DTypeOperand) => (a === 'int8' && b === 'int8' ? 'int32' : resultType(a, b));

export const Matmul = binaryOp(
  'Matmul',
  (a, b) => ({ shape: matmulShape(a.shape, b.shape), dtype: matmulDType(a.dtype, b.dtype) }),
  { functions: ['linalg.matmul', '__operators__.matmul'], args: ['a', 'b'] },
);

/** numpy's `dot`: the last axis of x1 against the second to last of x2 (the only one of a vector). */
export const Dot = binaryOp('Dot', (a, b) => {
  const dtype = resultType(a.dtype, b.dtype);
  if (a.shape.length === 0 || b.shape.length === 0) return { shape: broadcastShapes(a.shape, b.shape), dtype };
  if (a.shape.length === 1 && b.shape.length === 1) return { shape: [], dtype };
  const contracted = b.shape.length === 1 ? 0 : b.shape.length - 2;
  const [d1, d2] = [a.shape[a.shape.length - 1], b.shape[contracted]];
  const mismatch = b.shape.length === 1 ? d1 !== d2 : d1 !== null && d2 !== null && d1 !== d2;
  if (mismatch) {
    throw new KerasBridgeError('INCOMPATIBLE_SHAPES', `Shape must match on the last axis of \`x1\` and the contracted axis of \`x2\`, but received \`x1.shape=${formatShape(a.shape)}\` and \`x2.shape=${formatShape(b.shape)}\`.`);
  }
  return { shape: [...a.shape.slice(0, -1), ...b.shape.filter((_, i) => i !== contracted)], dtype };
});
