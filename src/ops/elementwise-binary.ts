import type { OperationDefinition, TfOpSignature } from '../ir/operation.js';
import type { DType } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import { broadcastShapes, operandArg, type Operand } from './common.js';
import { resultType, type DTypeOperand } from './dtypes.js';

type NoConfig = Record<never, never>;
const NUMPY = 'keras.src.ops.numpy';

/** An operation on two operands (tensors or scalars) named `x1` and `x2`, as Keras' binary numpy ops. */
export function binaryOp(className: string, spec: (a: Operand, b: Operand) => TensorSpec, tf?: TfOpSignature): OperationDefinition<NoConfig> {
  return {
    className,
    module: NUMPY,
    args: ['x1', 'x2'],
    defaults: {},
    outputSpecs: (_c, [x1, x2]) => [spec(operandArg(x1, 'x1'), operandArg(x2, 'x2'))],
    tf,
  };
}

/**
 * A numpy-like element-wise operation (`x1 + x2`, `maximum(x1, x2)`): the operands broadcast, and the
 * class has its dtype rule. `tf` lists the TFOpLambda functions tf.keras 2 wrote for it.
 */
function binary(className: string, dtype: (a: DTypeOperand, b: DTypeOperand) => DType, tf: readonly string[]): OperationDefinition<NoConfig> {
  return binaryOp(className, (a, b) => ({ shape: broadcastShapes(a.shape, b.shape), dtype: dtype(a.dtype, b.dtype) }), { functions: tf, args: ['x', 'y'] });
}

const promoted = (a: DTypeOperand, b: DTypeOperand) => resultType(a, b);
/** Division always gives a float: Python's float joins the promotion. */
const floating = (a: DTypeOperand, b: DTypeOperand) => resultType(a, b, 'float');
const boolean = (): DType => 'bool';

export const Add = binary('Add', promoted, ['math.add', '__operators__.add']);
export const Subtract = binary('Subtract', promoted, ['math.subtract']);
export const Multiply = binary('Multiply', promoted, ['math.multiply']);
export const Divide = binary('Divide', floating, ['math.divide']);
export const TrueDivide = binary('TrueDivide', floating, ['math.truediv']);
export const FloorDivide = binary('FloorDivide', promoted, ['math.floordiv']);
export const Mod = binary('Mod', (a, b) => (promoted(a, b) === 'bool' ? 'int32' : promoted(a, b)), ['math.floormod']);
export const Power = binary('Power', promoted, ['math.pow']);
export const Maximum = binary('Maximum', promoted, ['math.maximum']);
export const Minimum = binary('Minimum', promoted, ['math.minimum']);
export const Equal = binary('Equal', boolean, ['math.equal', '__operators__.eq']);
export const NotEqual = binary('NotEqual', boolean, ['math.not_equal', '__operators__.ne']);
export const Greater = binary('Greater', boolean, ['math.greater']);
export const GreaterEqual = binary('GreaterEqual', boolean, ['math.greater_equal']);
export const Less = binary('Less', boolean, ['math.less']);
export const LessEqual = binary('LessEqual', boolean, ['math.less_equal']);
export const LogicalAnd = binary('LogicalAnd', boolean, ['math.logical_and']);
export const LogicalOr = binary('LogicalOr', boolean, ['math.logical_or']);

/** `where(condition, x1, x2)`: the three shapes broadcast together, the dtype that of x1 and x2. */
export const Where: OperationDefinition<NoConfig> = {
  className: 'Where',
  module: NUMPY,
  args: ['condition', 'x1', 'x2'],
  defaults: {},
  outputSpecs(_c, [condition, x1, x2]) {
    const [c, a, b] = [operandArg(condition, 'condition'), operandArg(x1, 'x1'), operandArg(x2, 'x2')];
    return [{ shape: broadcastShapes(broadcastShapes(c.shape, a.shape), b.shape), dtype: resultType(a.dtype, b.dtype) }];
  },
  tf: { functions: ['where'], args: ['condition', 'x', 'y'] },
};

