// keras/src/backend/tensorflow/numpy.py: each element-wise op converts its operands to one dtype
// (Keras' type promotion, Python scalars weakly typed) and applies the TensorFlow op.
import type { OperationDefinition } from '../../../ir/operation.js';
import type { DType } from '../../../ir/shape.js';
import * as B from '../../../ops/elementwise-binary.js';
import * as U from '../../../ops/elementwise-unary.js';
import type { OnnxGraph, Value } from '../graph.js';
import type { OpCall, OpLowering, OpTensor } from './op-call.js';
import { cast, inKernelType, isFloat, operand, promoted, scalarOf } from './typed.js';

type NoConfig = Record<never, never>;
type Build = (g: OnnxGraph, inputs: Value[], dtype: DType) => Value;

const onnxOp = (type: string): Build => (g, inputs) => g.op(type, inputs);

/**
 * A binary op computed in `compute` (the result dtype, or the promoted operand dtype for comparisons
 * and bool for logical ops); `kernel` is the ONNX op whose onnxruntime kernel decides the type it runs in.
 */
function binary(definition: OperationDefinition<NoConfig>, kernel: string, build: Build = onnxOp(kernel), compute?: (call: OpCall<NoConfig>) => DType): OpLowering<NoConfig> {
  return {
    definition,
    lower(g, call) {
      const out = call.outputs[0]!.dtype;
      const dtype = compute?.(call) ?? out;
      const operands = call.args.slice(0, 2).map((a) => operand(g, a, dtype));
      return [inKernelType(g, kernel, dtype, operands, (xs, t) => build(g, xs, t), out === dtype)];
    },
  };
}

const comparison = (definition: OperationDefinition<NoConfig>, kernel: string, build?: Build) => binary(definition, kernel, build, (call) => promoted(...call.args.slice(0, 2)));
const logical = (definition: OperationDefinition<NoConfig>, kernel: string) => binary(definition, kernel, undefined, () => 'bool');

/** tf.math.floordiv: floor(a / b) for floats; for integers the exact quotient of a minus its floored remainder. */
const floorDivide: Build = (g, [a, b], dtype) =>
  isFloat(dtype) ? g.op('Floor', [g.op('Div', [a!, b!])]) : g.op('Div', [g.op('Sub', [a!, g.op('Mod', [a!, b!])]), b!]);

/**
 * tf.math.floormod: ONNX Mod with fmod=0 is it for integers; for floats TensorFlow takes C's fmod and
 * adds the divisor when the remainder is non-zero and its sign differs from the divisor's.
 */
const floorMod: Build = (g, [a, b], dtype) => {
  if (!isFloat(dtype)) return g.op('Mod', [a!, b!]);
  const r = g.op('Mod', [a!, b!], { fmod: 1 });
  const zero = scalarOf(g, 0, dtype);
  const signsDiffer = g.op('Xor', [g.op('Less', [r, zero]), g.op('Less', [b!, zero])]);
  const fix = g.op('And', [g.op('Not', [g.op('Equal', [r, zero])]), signsDiffer]);
  return g.op('Where', [fix, g.op('Add', [r, b!]), r]);
};

/** Operation class and the ONNX op that is all of it. */
type OneOp = readonly [OperationDefinition<NoConfig>, string];

const BINARY_LOWERINGS = [
  ...(
    [[B.Add, 'Add'], [B.Subtract, 'Sub'], [B.Multiply, 'Mul'], [B.Divide, 'Div'], [B.TrueDivide, 'Div'], [B.Power, 'Pow'], [B.Maximum, 'Max'], [B.Minimum, 'Min']] as OneOp[]
  ).map(([definition, op]) => binary(definition, op)),
  binary(B.FloorDivide, 'Div', floorDivide),
  binary(B.Mod, 'Mod', floorMod),
  ...([[B.Equal, 'Equal'], [B.Greater, 'Greater'], [B.GreaterEqual, 'GreaterOrEqual'], [B.Less, 'Less'], [B.LessEqual, 'LessOrEqual']] as OneOp[]).map(([definition, op]) =>
    comparison(definition, op),
  ),
  comparison(B.NotEqual, 'Equal', (g, xs) => g.op('Not', [g.op('Equal', xs)])),
  logical(B.LogicalAnd, 'And'),
  logical(B.LogicalOr, 'Or'),
];

/** `where(condition, x1, x2)`: the condition cast to bool, the branches to their promoted dtype. */
const WHERE_LOWERING: OpLowering<NoConfig> = {
  definition: B.Where,
  lower(g, call) {
    const [condition, x1, x2] = call.args;
    const dtype = call.outputs[0]!.dtype;
    const branches = [x1!, x2!].map((a) => operand(g, a, dtype));
    return [inKernelType(g, 'Where', dtype, branches, (xs) => g.op('Where', [operand(g, condition!, 'bool'), ...xs]))];
  },
};

/**
 * A one-tensor op: Keras converts the input to the result dtype first (integers to floatx for Exp,
 * Log, ...; bool to int32 for Square and Clip), then applies the TensorFlow op, here `build`.
 */
function unary<C extends object = NoConfig>(
  definition: OperationDefinition<C>,
  kernel: string,
  build: (g: OnnxGraph, x: Value, dtype: DType, config: C) => Value = (g, x) => g.op(kernel, [x]),
): OpLowering<C> {
  return {
    definition,
    lower(g, call) {
      const x = call.args[0] as OpTensor;
      const dtype = call.outputs[0]!.dtype;
      return [inKernelType(g, kernel, dtype, [cast(g, x.value, x.dtype, dtype)], ([v], t) => build(g, v!, t, call.config))];
    },
  };
}

/** tf.round halves to even, as ONNX Round does; with decimals, Keras scales by 10^decimals around it. */
function round(g: OnnxGraph, x: Value, dtype: DType, { decimals }: { decimals: number }): Value {
  if (decimals === 0) return g.op('Round', [x]);
  const factor = scalarOf(g, 10 ** decimals, dtype);
  return g.op('Div', [g.op('Round', [g.op('Mul', [x, factor])]), factor]);
}

/** tf.clip_by_value is minimum(x, x_max), then maximum with x_min: ONNX Clip differs when x_min > x_max. */
function clip(g: OnnxGraph, x: Value, dtype: DType, { x_min, x_max }: { x_min: number | null; x_max: number | null }): Value {
  return g.op('Max', [g.op('Min', [x, scalarOf(g, x_max!, dtype)]), scalarOf(g, x_min!, dtype)]);
}

const UNARY_LOWERINGS = [
  ...(
    [
      [U.Negative, 'Neg'], [U.Absolute, 'Abs'], [U.Sign, 'Sign'], [U.Exp, 'Exp'], [U.Log, 'Log'], [U.Sqrt, 'Sqrt'], [U.Floor, 'Floor'], [U.Ceil, 'Ceil'],
      [U.Sin, 'Sin'], [U.Cos, 'Cos'], [U.Tanh, 'Tanh'], [U.Reciprocal, 'Reciprocal'], [U.LogicalNot, 'Not'], [U.Erf, 'Erf'],
    ] as OneOp[]
  ).map(([definition, op]) => unary(definition, op)),
  unary(U.Expm1, 'Exp', (g, x, t) => g.op('Sub', [g.op('Exp', [x]), scalarOf(g, 1, t)])),
  unary(U.Log1p, 'Log', (g, x, t) => g.op('Log', [g.op('Add', [x, scalarOf(g, 1, t)])])),
  unary(U.Square, 'Mul', (g, x) => g.op('Mul', [x, x])),
  unary(U.Rsqrt, 'Sqrt', (g, x) => g.op('Reciprocal', [g.op('Sqrt', [x])])),
  unary(U.Round, 'Round', round),
  unary(U.Clip, 'Min', clip),
];

/** Cast and ConvertToTensor: the input in the output's dtype. */
function castLowering<C extends object>(definition: OperationDefinition<C>): OpLowering<C> {
  return {
    definition,
    lower(g, call) {
      const x = call.args[0] as OpTensor;
      return [cast(g, x.value, x.dtype, call.outputs[0]!.dtype)];
    },
  };
}

/** zeros_like and ones_like: the value in the output's dtype, broadcast to the input's shape as it is at run time. */
function filledLikeLowering(definition: OperationDefinition<{ dtype: DType | null }>, value: number): OpLowering<{ dtype: DType | null }> {
  return {
    definition,
    lower(g, call) {
      const x = call.args[0] as OpTensor;
      return [g.op('Expand', [scalarOf(g, value, call.outputs[0]!.dtype), g.op('Shape', [x.value])])];
    },
  };
}

export const ELEMENTWISE_OP_LOWERINGS = [
  ...BINARY_LOWERINGS, WHERE_LOWERING, ...UNARY_LOWERINGS, castLowering(U.Cast), castLowering(U.ConvertToTensor),
  filledLikeLowering(U.ZerosLike, 0), filledLikeLowering(U.OnesLike, 1),
];
