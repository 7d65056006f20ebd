/**
 * Keras 3 operations (`keras.ops.*`, and the operators of symbolic tensors) as they appear in functional
 * graphs: one definition per class, registered in OP_DEFINITIONS, and a builder function per op.
 *
 *   const s = ops.add(a, b);                              // a + b
 *   const z = ops.concatenate([s, ops.multiply(b, 2)], { axis: -1 });
 *   const t = ops.getItem(z, [ops.slice(), ops.slice(1)]);  // z[:, 1:]
 */
import type { EllipsisArg, SliceArg } from '../ir/op-args.js';
import type { OperationDefinition } from '../ir/operation.js';
import { classRegistry } from '../ir/registry.js';
import type { SymbolicTensor } from '../ir/tensor.js';
import { opFunction, type OpValue } from './builder.js';
import * as B from './elementwise-binary.js';
import * as U from './elementwise-unary.js';
import * as L from './linalg.js';
import * as N from './nn.js';
import * as R from './reductions.js';
import * as S from './shape-ops.js';
import { GetItem } from './slicing.js';

export { ELLIPSIS, slice } from '../ir/op-args.js';
export type { OpFunction, OpOptions, OpValue } from './builder.js';

/** numpy's `newaxis` in an index: `ops.getItem(x, [ops.slice(), newaxis])` is `x[:, None]`. */
export const newaxis = null;

/** Every operation class kerasbridge knows; the registry is built from this list alone. */
export const OP_DEFINITIONS = [
  B.Add, B.Subtract, B.Multiply, B.Divide, B.TrueDivide, B.FloorDivide, B.Mod, B.Power, B.Maximum, B.Minimum, B.Equal,
  B.NotEqual, B.Greater, B.GreaterEqual, B.Less, B.LessEqual, B.LogicalAnd, B.LogicalOr, B.Where,
  U.Negative, U.Absolute, U.Sign, U.Exp, U.Expm1, U.Log, U.Log1p, U.Sqrt, U.Floor, U.Ceil, U.Sin, U.Cos, U.Tanh, U.Square,
  U.Reciprocal, U.LogicalNot, U.Round, U.Erf, U.Rsqrt, U.Clip, U.Cast, U.ZerosLike, U.OnesLike, U.ConvertToTensor,
  N.Relu, N.Relu6, N.Sigmoid, N.HardSigmoid, N.Silu, N.Softplus, N.Softmax, N.LogSoftmax, N.Gelu, N.Elu, N.LeakyRelu,
  R.Sum, R.Prod, R.Mean, R.Max, R.Min, R.Std, R.Var, R.Any, R.All, R.Argmax, R.Argmin,
  S.Reshape, S.Transpose, S.ExpandDims, S.Squeeze, S.Tile, S.Flip, S.Repeat, S.Concatenate, S.Stack,
  L.Matmul, L.Dot, GetItem,
] as readonly OperationDefinition<object>[];

export type OpRegistry = ReadonlyMap<string, OperationDefinition<object>>;

/** Class name to operation definition; custom operations override built-ins of the same class. */
export const createOpRegistry = (userOps: readonly OperationDefinition<object>[] = []): OpRegistry => classRegistry('Operation', OP_DEFINITIONS, userOps);

const onTwo = <C extends object>(d: OperationDefinition<C>) => opFunction<[x1: OpValue, x2: OpValue], C>(d);
const onOne = <C extends object>(d: OperationDefinition<C>) => opFunction<[x: SymbolicTensor], C>(d);
const onList = <C extends object>(d: OperationDefinition<C>) => opFunction<[xs: readonly SymbolicTensor[]], C>(d);

export const add = onTwo(B.Add);
export const subtract = onTwo(B.Subtract);
export const multiply = onTwo(B.Multiply);
export const divide = onTwo(B.Divide);
export const trueDivide = onTwo(B.TrueDivide);
export const floorDivide = onTwo(B.FloorDivide);
export const mod = onTwo(B.Mod);
export const power = onTwo(B.Power);
export const maximum = onTwo(B.Maximum);
export const minimum = onTwo(B.Minimum);
export const equal = onTwo(B.Equal);
export const notEqual = onTwo(B.NotEqual);
export const greater = onTwo(B.Greater);
export const greaterEqual = onTwo(B.GreaterEqual);
export const less = onTwo(B.Less);
export const lessEqual = onTwo(B.LessEqual);
export const logicalAnd = onTwo(B.LogicalAnd);
export const logicalOr = onTwo(B.LogicalOr);
export const where = opFunction<[condition: OpValue, x1: OpValue, x2: OpValue], Record<never, never>>(B.Where);
export const matmul = onTwo(L.Matmul);
export const dot = onTwo(L.Dot);

export const negative = onOne(U.Negative);
export const absolute = onOne(U.Absolute);
/** `keras.ops.abs` is `absolute`. */
export const abs = absolute;
export const sign = onOne(U.Sign);
export const exp = onOne(U.Exp);
export const expm1 = onOne(U.Expm1);
export const log = onOne(U.Log);
export const log1p = onOne(U.Log1p);
export const sqrt = onOne(U.Sqrt);
export const floor = onOne(U.Floor);
export const ceil = onOne(U.Ceil);
export const sin = onOne(U.Sin);
export const cos = onOne(U.Cos);
export const tanh = onOne(U.Tanh);
export const square = onOne(U.Square);
export const reciprocal = onOne(U.Reciprocal);
export const logicalNot = onOne(U.LogicalNot);
export const round = onOne(U.Round);
export const erf = onOne(U.Erf);
export const rsqrt = onOne(U.Rsqrt);
export const clip = onOne(U.Clip);
export const cast = onOne(U.Cast);
export const zerosLike = onOne(U.ZerosLike);
export const onesLike = onOne(U.OnesLike);
export const convertToTensor = onOne(U.ConvertToTensor);

export const relu = onOne(N.Relu);
export const relu6 = onOne(N.Relu6);
export const sigmoid = onOne(N.Sigmoid);
export const hardSigmoid = onOne(N.HardSigmoid);
export const silu = onOne(N.Silu);
export const softplus = onOne(N.Softplus);
export const softmax = onOne(N.Softmax);
export const logSoftmax = onOne(N.LogSoftmax);
export const gelu = onOne(N.Gelu);
export const elu = onOne(N.Elu);
export const leakyRelu = onOne(N.LeakyRelu);

export const sum = onOne(R.Sum);
export const prod = onOne(R.Prod);
export const mean = onOne(R.Mean);
export const max = onOne(R.Max);
export const min = onOne(R.Min);
export const std = onOne(R.Std);
const variance = onOne(R.Var);
// `var` is a reserved word, so it can only be an export name.
export { variance as var };
export const any = onOne(R.Any);
export const all = onOne(R.All);
export const argmax = onOne(R.Argmax);
export const argmin = onOne(R.Argmin);

export const reshape = onOne(S.Reshape);
export const transpose = onOne(S.Transpose);
export const expandDims = onOne(S.ExpandDims);
export const squeeze = onOne(S.Squeeze);
export const tile = onOne(S.Tile);
export const flip = onOne(S.Flip);
export const repeat = onOne(S.Repeat);
export const concatenate = onList(S.Concatenate);
export const stack = onList(S.Stack);

/** One entry of an index: an int, a slice, the ellipsis or newaxis (null). */
export type IndexEntry = number | SliceArg | EllipsisArg | null;
/** `x[key]`: `ops.getItem(x, [ops.slice(), ops.slice(1)])` is `x[:, 1:]`, `ops.getItem(x, [ops.ELLIPSIS, 0])` is `x[..., 0]`. */
export const getItem = opFunction<[x: SymbolicTensor, key: IndexEntry | readonly IndexEntry[]], Record<never, never>>(GetItem);
