import type { OperationDefinition, TfOpSignature } from '../ir/operation.js';
import type { DType } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import { tensorArg } from './common.js';
import { resultType } from './dtypes.js';

type NoConfig = Record<never, never>;

/**
 * A numpy-like operation on one tensor that keeps its shape; only the dtype rule of the class differs.
 * `tf` is the TFOpLambda function tf.keras 2 wrote for it.
 */
export function unary<C extends object = NoConfig>(
  className: string,
  dtype: (x: DType, config: C) => DType,
  tf: string | TfOpSignature | undefined,
  options: { module?: string; defaults?: C; required?: readonly (keyof C & string)[]; validate?: (x: TensorSpec, config: C) => void } = {},
): OperationDefinition<C> {
  return {
    className,
    module: options.module ?? 'keras.src.ops.numpy',
    args: ['x'],
    defaults: options.defaults ?? ({} as C),
    required: options.required,
    outputSpecs(config, [x]) {
      const t = tensorArg(x, 'x');
      options.validate?.(t, config);
      return [{ shape: t.shape, dtype: dtype(t.dtype, config) }];
    },
    tf: typeof tf === 'string' ? { functions: [tf], args: ['x'] } : tf,
  };
}

export const same = (x: DType): DType => x;
/** Exp and Expm1: integers and booleans become floatx. */
const floatIfIntegral = (x: DType): DType => (x.includes('int') || x === 'bool' ? 'float32' : x);
/** Log, Sqrt, Sin, Tanh, ...: int64 becomes floatx, anything else is promoted with Python's float. */
const transcendental = (x: DType): DType => (x === 'int64' ? 'float32' : resultType(x, 'float'));
const intIfBool = (x: DType): DType => (x === 'bool' ? 'int32' : x);

export const Negative = unary('Negative', same, 'math.negative');
export const Absolute = unary('Absolute', same, 'math.abs');
export const Sign = unary('Sign', same, 'math.sign');
export const Exp = unary('Exp', floatIfIntegral, 'math.exp');
export const Expm1 = unary('Expm1', floatIfIntegral, 'math.expm1');
export const Log = unary('Log', transcendental, 'math.log');
export const Log1p = unary('Log1p', transcendental, 'math.log1p');
export const Sqrt = unary('Sqrt', transcendental, 'math.sqrt');
export const Floor = unary('Floor', transcendental, 'math.floor');
export const Ceil = unary('Ceil', transcendental, 'math.ceil');
export const Sin = unary('Sin', transcendental, 'math.sin');
export const Cos = unary('Cos', transcendental, 'math.cos');
export const Tanh = unary('Tanh', transcendental, 'math.tanh');
export const Square = unary('Square', intIfBool, 'math.square');
/** Keras gives no dtype, so the result is floatx whatever the input. */
export const Reciprocal = unary('Reciprocal', () => 'float32', 'math.reciprocal');
export const LogicalNot = unary('LogicalNot', () => 'bool', 'math.logical_not');
export const Round = unary<{ decimals: number }>('Round', same, 'math.round', { defaults: { decimals: 0 } });
export const Erf = unary('Erf', same, 'math.erf', { module: 'keras.src.ops.math' });
export const Rsqrt = unary('Rsqrt', same, 'math.rsqrt', { module: 'keras.src.ops.math' });

export const Clip = unary<{ x_min: number | null; x_max: number | null }>(
  'Clip',
  intIfBool,
  { functions: ['clip_by_value'], args: ['t'], config: { x_min: 'clip_value_min', x_max: 'clip_value_max' } },
  { defaults: { x_min: null, x_max: null }, required: ['x_min', 'x_max'] },
);

export const Cast = unary<{ dtype: DType | null }>(
  'Cast',
  (_x, c) => c.dtype!,
  { functions: ['cast', 'dtypes.cast'], args: ['x'], config: { dtype: 'dtype' } },
  { module: 'keras.src.ops.core', defaults: { dtype: null }, required: ['dtype'] },
);

/** A tensor of `x`'s shape filled with one value, of `dtype` or else `x`'s: Keras 3 builds Concatenate's mask with these. */
const filledLike = (className: string) =>
  unary<{ dtype: DType | null }>(className, (x, c) => c.dtype ?? x, undefined, { defaults: { dtype: null } });

export const ZerosLike = filledLike('ZerosLike');
export const OnesLike = filledLike('OnesLike');

/**
 * `x` as it is, or cast to `dtype`. Keras 3 records it where Attention passes its query's mask on;
 * `sparse` and `ragged` only say whether to keep such tensors, which a functional graph's inputs are not.
 */
export const ConvertToTensor = unary<{ dtype: DType | null; sparse: boolean | null; ragged: boolean | null }>(
  'ConvertToTensor',
  (x, c) => c.dtype ?? x,
  undefined,
  { module: 'keras.src.ops.core', defaults: { dtype: null, sparse: null, ragged: null } },
);
