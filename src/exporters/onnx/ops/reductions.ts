// keras/src/backend/tensorflow/numpy.py reductions: `axis=None` reduces every axis, the batch axis
// included; each op first converts its input to the dtype it accumulates in.
import type { OperationDefinition } from '../../../ir/operation.js';
import type { DType } from '../../../ir/shape.js';
import { axisList } from '../../../ops/common.js';
import { resultType } from '../../../ops/dtypes.js';
import * as R from '../../../ops/reductions.js';
import type { OnnxGraph, ReduceOp, Value } from '../graph.js';
import type { OpLowering, OpTensor } from './op-call.js';
import { cast, inKernelType, isFloat, scalarOf } from './typed.js';

type Config = R.ReductionConfig & { initial?: number | null };
type Reduce = (g: OnnxGraph, x: Value, axes: number[], keepdims: boolean) => Value;

// ReduceMin and ReduceProd took their axes as an input from opset 18 like ReduceMean and ReduceMax,
// which is what g.reduce writes; ReduceOp lists only the reductions the layer lowerings use.
const reduceBy = (type: string): Reduce => (g, x, axes, keepdims) => g.reduce(type as ReduceOp, x, axes, keepdims);

/**
 * Converts the input to `compute` (of the input's and the result's dtypes), reduces with `reduce`
 * (in a type onnxruntime has a `type` kernel for), and casts to the result's dtype.
 */
function reduction<C extends Config>(definition: OperationDefinition<C>, type: string, compute: (x: DType, out: DType) => DType, reduce: Reduce = reduceBy(type)): OpLowering<C> {
  return {
    definition,
    lower(g, call) {
      const x = call.args[0] as OpTensor;
      const out = call.outputs[0]!.dtype;
      const dtype = compute(x.dtype, out);
      const axes = axisList(call.config.axis, x.shape.length) ?? x.shape.map((_, i) => i);
      const y = inKernelType(g, type, dtype, [cast(g, x.value, x.dtype, dtype)], ([v]) => reduce(g, v!, axes, call.config.keepdims));
      const { initial } = call.config;
      if (initial === undefined || initial === null) return [cast(g, y, dtype, out)];
      // Max and Min with `initial`: TensorFlow has none, so Keras takes the maximum (minimum) with it after reducing.
      const bound = type === 'ReduceMax' ? 'Max' : 'Min';
      return [cast(g, inKernelType(g, bound, dtype, [y], ([v], t) => g.op(bound, [v!, scalarOf(g, initial, t)])), dtype, out)];
    },
  };
}

const toResult = (_x: DType, out: DType) => out;
/** Mean and Var accumulate in float32 at least: half precision overflows in TensorFlow's own kernels. */
const atLeastFloat32 = (x: DType) => resultType(x, 'float32');
const integralToFloat32 = (x: DType) => (isFloat(x) ? x : 'float32');

/** tf.math.reduce_variance: the mean of the squared deviations from the mean. */
const variance: Reduce = (g, x, axes, keepdims) => {
  const centered = g.op('Sub', [x, g.reduce('ReduceMean', x, axes, true)]);
  return g.reduce('ReduceMean', g.op('Mul', [centered, centered]), axes, keepdims);
};

/**
 * tf.argmax / tf.argmin, which return the first of equal extremes. Keras replaces -0.0 by minus the
 * smallest normal float first (so that 0.0 wins over -0.0 whatever the platform flushes), flattens
 * for `axis=None`, and gives the reduced axes back as 1s for `keepdims`. float64 gets float32's
 * smallest normal, the smallest a float32 constant holds: only float64 values between it and 0 order differently.
 */
function argLowering(definition: OperationDefinition<R.ReductionConfig>, type: 'ArgMax' | 'ArgMin'): OpLowering<R.ReductionConfig> {
  return {
    definition,
    lower(g, call) {
      const x = call.args[0] as OpTensor;
      const rank = x.shape.length;
      let v = x.value;
      let dtype = x.dtype;
      if (isFloat(dtype)) {
        dtype = resultType(dtype, 'float32');
        v = cast(g, v, x.dtype, dtype);
        const zero = scalarOf(g, 0, dtype);
        const negativeZero = g.op('And', [g.op('Equal', [v, zero]), g.op('Less', [g.op('Reciprocal', [v]), zero])]);
        v = g.op('Where', [negativeZero, scalarOf(g, -(2 ** -126), dtype), v]);
      }
      const axis = call.config.axis === null ? null : axisList(call.config.axis, rank)![0]!;
      const input = axis === null ? g.op('Reshape', [v, g.int64s([-1])]) : v;
      const index = inKernelType(g, type, dtype, [input], ([u]) => g.op(type, [u!], { axis: axis ?? 0, keepdims: Number(call.config.keepdims && axis !== null) }), false);
      const indices = axis === null && call.config.keepdims ? g.op('Reshape', [index, g.int64s(Array<number>(rank).fill(1))]) : index;
      return [cast(g, indices, 'int64', 'int32')];
    },
  };
}

export const REDUCTION_OP_LOWERINGS = [
  reduction(R.Sum, 'ReduceSum', toResult),
  reduction(R.Prod, 'ReduceProd', toResult),
  reduction(R.Mean, 'ReduceMean', atLeastFloat32),
  reduction(R.Max, 'ReduceMax', (x) => x),
  reduction(R.Min, 'ReduceMin', (x) => x),
  reduction(R.Std, 'ReduceMean', integralToFloat32, (g, x, axes, keepdims) => g.op('Sqrt', [variance(g, x, axes, keepdims)])),
  reduction(R.Var, 'ReduceMean', atLeastFloat32, variance),
  // TensorFlow casts to bool and reduces with or / and: the max / min of the truth values.
  reduction(R.Any, 'ReduceMax', () => 'bool'),
  reduction(R.All, 'ReduceMin', () => 'bool'),
  argLowering(R.Argmax, 'ArgMax'),
  argLowering(R.Argmin, 'ArgMin'),
];
