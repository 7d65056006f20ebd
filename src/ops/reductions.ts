import type { OperationDefinition } from '../ir/operation.js';
import type { DType } from '../ir/shape.js';
import { reduceShape, tensorArg, type Axes } from './common.js';
import { resultType } from './dtypes.js';

/** The options every Keras reduction takes. */
export interface ReductionConfig {
  axis: Axes;
  keepdims: boolean;
}

/** A reduction over `axis` (all axes when null); the classes differ in their dtype rule and extra options. */
function reduction<C extends ReductionConfig>(
  className: string,
  dtype: (x: DType, config: C) => DType,
  tf: string | undefined,
  extra: Omit<C, keyof ReductionConfig>,
): OperationDefinition<C> {
  return {
    className,
    module: 'keras.src.ops.numpy',
    args: ['x'],
    defaults: { axis: null, keepdims: false, ...extra } as C,
    outputSpecs(config, [x]) {
      const t = tensorArg(x, 'x');
      return [{ shape: reduceShape(t.shape, config.axis, config.keepdims), dtype: dtype(t.dtype, config) }];
    },
    ...(tf && { tf: { functions: [tf, tf.replace('math.', '')], args: ['input_tensor'], config: { axis: 'axis', keepdims: 'keepdims' } } }),
  };
}

/** Sum and Prod follow JAX: small integers and booleans accumulate in 32 bits. */
function accumulated(x: DType): DType {
  if (x === 'bool' || x === 'int8' || x === 'int16') return 'int32';
  return x === 'uint8' || x === 'uint16' ? 'uint32' : x;
}
const same = (x: DType) => x;
const isIntegral = (x: DType) => x.includes('int') || x === 'bool';

export const Sum = reduction('Sum', accumulated, 'math.reduce_sum', {});
export const Prod = reduction<ReductionConfig & { dtype: DType | null }>('Prod', (x, c) => c.dtype ?? accumulated(x), 'math.reduce_prod', { dtype: null });
export const Mean = reduction('Mean', (x) => (isIntegral(x) ? resultType(x, 'float32') : x), 'math.reduce_mean', {});
export const Max = reduction<ReductionConfig & { initial: number | null }>('Max', same, 'math.reduce_max', { initial: null });
export const Min = reduction<ReductionConfig & { initial: number | null }>('Min', same, 'math.reduce_min', { initial: null });
export const Std = reduction('Std', (x) => (isIntegral(x) ? 'float32' : x), 'math.reduce_std', {});
export const Var = reduction('Var', (x) => resultType(x, 'float'), 'math.reduce_variance', {});
export const Any = reduction('Any', () => 'bool', 'math.reduce_any', {});
export const All = reduction('All', () => 'bool', 'math.reduce_all', {});
// tf.math.argmax returns int64 by default where Keras' Argmax gives int32: not mapped from tf.keras 2.
export const Argmax = reduction('Argmax', () => 'int32', undefined, {});
export const Argmin = reduction('Argmin', () => 'int32', undefined, {});
