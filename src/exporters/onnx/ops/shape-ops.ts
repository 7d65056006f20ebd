// keras/src/backend/tensorflow/numpy.py shape operations. Every axis and shape they take is a
// constant of the call, so they become single ONNX ops with constant shapes, axes and indices.
import type { OperationDefinition } from '../../../ir/operation.js';
import { knownProduct, type Shape } from '../../../ir/shape.js';
import type { TensorSpec } from '../../../ir/tensor.js';
import { axisList, canonicalizeAxis, type Axes } from '../../../ops/common.js';
import * as S from '../../../ops/shape-ops.js';
import type { OnnxGraph, Value } from '../graph.js';
import type { OpLowering, OpTensor } from './op-call.js';
import { cast } from './typed.js';

type Rearrange<C> = (g: OnnxGraph, x: OpTensor, config: C) => Value;

function rearrange<C extends object>(definition: OperationDefinition<C>, build: Rearrange<C>): OpLowering<C> {
  return { definition, lower: (g, call) => [build(g, call.args[0] as OpTensor, call.config)] };
}

const everyAxis = (x: OpTensor) => x.shape.map((_, i) => i);
const ints = (value: number | readonly number[]) => (typeof value === 'number' ? [value] : [...value]);

/** Keras' newshape includes the batch dimension; ONNX Reshape takes its -1 alike, but reads a 0 as "keep this dimension". */
const RESHAPE_LOWERING: OpLowering<{ newshape: readonly number[] | null }> = {
  ...rearrange(S.Reshape, (g, x, c) => g.op('Reshape', [x.value, g.int64s(c.newshape!)])),
  unsupported: (call) => (call.config.newshape!.includes(0) ? 'a 0 in newshape, which ONNX Reshape reads as "keep this dimension", is not lowered' : undefined),
};

const transpose = rearrange<{ axes: readonly number[] | null }>(S.Transpose, (g, x, { axes }) =>
  g.op('Transpose', [x.value], { perm: axes === null ? everyAxis(x).reverse() : axes.map((a) => canonicalizeAxis(a, x.shape.length)) }),
);

const expandDims = rearrange<{ axis: Axes }>(S.ExpandDims, (g, x, { axis }) => g.unsqueeze(x.value, axisList(axis, x.shape.length + ints(axis ?? []).length)!));

/** `axis=None` squeezes the dimensions Keras knows to be 1, which are the ones its output spec drops. */
const squeeze = rearrange<{ axis: Axes }>(S.Squeeze, (g, x, { axis }) => {
  const axes = axisList(axis, x.shape.length) ?? everyAxis(x).filter((i) => x.shape[i] === 1);
  return axes.length === 0 ? x.value : g.op('Squeeze', [x.value, g.int64s(axes)]);
});

/** Repeats shorter than the rank apply to the last axes; longer ones add leading axes first. */
const tile = rearrange<{ repeats: number | readonly number[] | null }>(S.Tile, (g, x, c) => {
  const repeats = ints(c.repeats!);
  const rank = x.shape.length;
  const input = repeats.length > rank ? g.unsqueeze(x.value, Array.from({ length: repeats.length - rank }, (_, i) => i)) : x.value;
  return g.op('Tile', [input, g.int64s([...Array<number>(Math.max(rank - repeats.length, 0)).fill(1), ...repeats])]);
});

/** A step of -1 from the last element past the first, on each flipped axis. */
const flip = rearrange<{ axis: Axes }>(S.Flip, (g, x, { axis }) => {
  const axes = axisList(axis, x.shape.length) ?? everyAxis(x);
  const each = (v: number) => g.int64s(axes.map(() => v));
  return g.op('Slice', [x.value, each(-1), each(-Number.MAX_SAFE_INTEGER), g.int64s(axes), each(-1)]);
});

type RepeatConfig = { repeats: number | readonly number[] | null; axis: number | null };

/** The shape `repeat` works on: the input's, or its flattening for `axis=None`. */
const repeatedShape = (shape: Shape, axis: number | null): Shape => (axis === null ? [knownProduct(shape)] : shape);

/**
 * tf.repeat: a Gather of each index repeated, where the axis' size is known; otherwise (one count)
 * a new axis after it is tiled and merged into it, which needs the sizes after the axis.
 */
const repeat = rearrange<RepeatConfig>(S.Repeat, (g, x, { repeats, axis }) => {
  const counts = ints(repeats!);
  const shape = repeatedShape(x.shape, axis);
  const a = axis === null ? 0 : canonicalizeAxis(axis, shape.length);
  const input = axis === null ? g.op('Reshape', [x.value, g.int64s([-1])]) : x.value;
  const size = shape[a];
  if (size !== null && size !== undefined) {
    const indices = Array.from({ length: size }, (_, i) => Array<number>(counts[counts.length === 1 ? 0 : i]!).fill(i)).flat();
    return g.op('Gather', [input, g.int64s(indices)], { axis: a });
  }
  const multiples = shape.map(() => 1);
  multiples.splice(a + 1, 0, counts[0]!);
  const tiled = g.op('Tile', [g.unsqueeze(input, [a + 1]), g.int64s(multiples)]);
  return g.op('Reshape', [tiled, g.int64s([...Array<number>(a).fill(0), -1, ...shape.slice(a + 1).map((d) => d!)])]);
});

const REPEAT_LOWERING: OpLowering<RepeatConfig> = {
  ...repeat,
  unsupported(call) {
    const x = call.args[0] as TensorSpec;
    const shape = repeatedShape(x.shape, call.config.axis);
    const a = call.config.axis === null ? 0 : canonicalizeAxis(call.config.axis, shape.length);
    if (shape[a] !== null) return undefined;
    return ints(call.config.repeats!).length > 1 || shape.slice(a + 1).includes(null) ? 'repeat along an axis of unknown size is lowered for one count and known sizes after that axis only' : undefined;
  },
};

/** Concatenate and Stack promote their inputs to one dtype first. */
function join(definition: OperationDefinition<{ axis: number }>, stack: boolean): OpLowering<{ axis: number }> {
  return {
    definition,
    lower(g, call) {
      const xs = call.args[0] as readonly OpTensor[];
      const dtype = call.outputs[0]!.dtype;
      const axis = canonicalizeAxis(call.config.axis, call.outputs[0]!.shape.length);
      return [g.op('Concat', xs.map((x) => cast(g, stack ? g.unsqueeze(x.value, [axis]) : x.value, x.dtype, dtype)), { axis })];
    },
  };
}

export const SHAPE_OP_LOWERINGS = [RESHAPE_LOWERING, transpose, expandDims, squeeze, tile, flip, REPEAT_LOWERING, join(S.Concatenate, false), join(S.Stack, true)];
