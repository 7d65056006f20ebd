import { KerasBridgeError } from '../ir/errors.js';
import type { OperationDefinition, TfOpSignature } from '../ir/operation.js';
import { formatShape, knownProduct, type Dim, type Shape } from '../ir/shape.js';
import { axisList, canonicalizeAxis, tensorArg, tensorListArg, type Axes } from './common.js';
import { resultType } from './dtypes.js';

const NUMPY = 'keras.src.ops.numpy';
const invalid = (message: string) => new KerasBridgeError('INVALID_ARGUMENT', message);

/** An operation that rearranges one tensor: its dtype is kept, its shape computed from the config. */
function rearrange<C extends object>(
  className: string,
  defaults: C,
  shape: (input: Shape, config: C) => Dim[],
  tf?: TfOpSignature,
  required?: readonly (keyof C & string)[],
): OperationDefinition<C> {
  return {
    className,
    module: NUMPY,
    args: ['x'],
    defaults,
    required,
    outputSpecs(config, [x]) {
      const t = tensorArg(x, 'x');
      return [{ shape: shape(t.shape, config), dtype: t.dtype }];
    },
    tf,
  };
}

/** Keras' `compute_reshape_output_shape`: `newshape` includes the batch dim; one -1 is inferred when all dims are known. */
function reshapeShape(input: Shape, newshape: readonly number[]): Dim[] {
  if (newshape.some((d) => d < -1) || newshape.filter((d) => d === -1).length > 1) {
    throw invalid(`Each dimension in \`newshape\` must be a non-negative integer, or -1 for a single unknown dimension. Received: newshape=${formatShape(newshape)}.`);
  }
  const size = knownProduct(input);
  if (size === null) return newshape.map((d) => (d === -1 ? null : d));
  const known = newshape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const fits = newshape.includes(-1) ? known !== 0 && size % known === 0 : size === known;
  if (!fits) throw invalid(`The total size of the tensor must be unchanged. Received: input_shape=${formatShape(input)}, newshape=${formatShape(newshape)}.`);
  return newshape.map((d) => (d === -1 ? size / known : d));
}

export const Reshape = rearrange<{ newshape: readonly number[] | null }>(
  'Reshape',
  { newshape: null },
  (input, c) => reshapeShape(input, c.newshape!),
  { functions: ['reshape'], args: ['tensor'], config: { newshape: 'shape' } },
  ['newshape'],
);

export const Transpose = rearrange<{ axes: readonly number[] | null }>('Transpose', { axes: null }, (input, { axes }) => {
  if (axes === null) return [...input].reverse();
  const rank = input.length;
  if (axes.length !== rank) throw invalid(`axis must be a list of the same length as the input shape, expected ${rank}, but received ${axes.length}.`);
  const normalized = axes.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) throw invalid(`Each axis in \`axes\` must be an integer in [-${rank}, ${rank}). Received: axes=[${axes.join(', ')}].`);
    return (a + rank) % rank;
  });
  if (new Set(normalized).size !== rank) throw invalid(`\`axes\` must be a valid permutation of the input dimensions (no duplicates). Received: axes=[${axes.join(', ')}] for input of rank ${rank}.`);
  return normalized.map((a) => input[a]!);
}, { functions: ['transpose', 'linalg.transpose'], args: ['a'], config: { axes: 'perm' } });

export const ExpandDims = rearrange<{ axis: Axes }>('ExpandDims', { axis: null }, (input, { axis }) => {
  const rank = input.length + (axis === null || typeof axis === 'number' ? 1 : axis.length);
  const axes = axisList(axis ?? input.length, rank)!;
  let next = 0;
  return Array.from({ length: rank }, (_, i) => (axes.includes(i) ? 1 : input[next++]!));
}, { functions: ['expand_dims'], args: ['input'], config: { axis: 'axis' } }, ['axis']);

export const Squeeze = rearrange<{ axis: Axes }>('Squeeze', { axis: null }, (input, { axis }) => {
  if (axis === null) return input.filter((d) => d !== 1);
  const axes = axisList(axis, input.length)!;
  for (const a of axes) if (input[a] !== 1) throw invalid(`Cannot squeeze axis ${a}, because the dimension is not 1.`);
  return input.filter((_, i) => !axes.includes(i));
}, { functions: ['squeeze', 'compat.v1.squeeze'], args: ['input'], config: { axis: 'axis' } });

export const Tile = rearrange<{ repeats: number | readonly number[] | null }>('Tile', { repeats: null }, (input, c) => {
  const repeats = typeof c.repeats === 'number' ? [c.repeats] : [...c.repeats!];
  const rank = Math.max(input.length, repeats.length);
  const dims = [...Array<Dim>(rank - input.length).fill(1), ...input];
  const times = [...Array<number>(rank - repeats.length).fill(1), ...repeats];
  return dims.map((d, i) => (d === null ? null : d * times[i]!));
}, { functions: ['tile'], args: ['input'], config: { repeats: 'multiples' } }, ['repeats']);

export const Flip = rearrange<{ axis: Axes }>('Flip', { axis: null }, (input, { axis }) => {
  axisList(axis, input.length);
  return [...input];
}, { functions: ['reverse'], args: ['tensor'], config: { axis: 'axis' } });

export const Repeat = rearrange<{ repeats: number | readonly number[] | null; axis: number | null }>('Repeat', { repeats: null, axis: null }, (input, c) => {
  const repeats = typeof c.repeats === 'number' ? [c.repeats] : [...c.repeats!];
  const total = (size: number) => {
    if (repeats.length === 1) return size * repeats[0]!;
    if (repeats.length !== size) throw invalid(`Size of \`repeats\` and the repeated dimension should be compatible. Received: ${repeats.length} and ${size}.`);
    return repeats.reduce((a, b) => a + b, 0);
  };
  if (c.axis === null) {
    const size = knownProduct(input);
    return [size === null ? null : total(size)];
  }
  const out = [...input];
  const size = input[c.axis < 0 ? c.axis + input.length : c.axis];
  if (size !== null && size !== undefined) out[c.axis < 0 ? c.axis + input.length : c.axis] = total(size);
  return out;
}, undefined, ['repeats']);

/** All dims equal but `skip`, unknown dims matching anything (Keras' `shape_equal` with allow_none). */
function compatible(a: Shape, b: Shape, skip?: number): boolean {
  return a.length === b.length && a.every((d, i) => i === skip || d === null || b[i] === null || d === b[i]);
}

/** Concatenate and Stack: a list of tensors joined along `axis`, their dtypes promoted together. */
function join(className: string, arg: string, tf: string, shape: (shapes: Shape[], axis: number) => Dim[]): OperationDefinition<{ axis: number }> {
  return {
    className,
    module: NUMPY,
    args: [arg],
    defaults: { axis: 0 },
    outputSpecs({ axis }, [xs]) {
      const tensors = tensorListArg(xs, arg);
      return [{ shape: shape(tensors.map((t) => t.shape), axis), dtype: resultType(...tensors.map((t) => t.dtype)) }];
    },
    tf: { functions: [tf], args: ['values'], config: { axis: 'axis' } },
  };
}

export const Concatenate = join('Concatenate', 'xs', 'concat', (shapes, axis) => {
  const first = shapes[0]!;
  const a = canonicalizeAxis(axis, first.length);
  let total: Dim = 0;
  for (const s of shapes) {
    if (!compatible(s, first, a)) {
      throw new KerasBridgeError('INCOMPATIBLE_SHAPES', `Every value in \`xs\` must have the same shape except on the \`axis\` dim. But found element of shape ${formatShape(s)}, which is different from the first element's shape ${formatShape(first)}.`);
    }
    total = total === null || s[a] === null ? null : total + s[a]!;
  }
  return first.map((d, i) => (i === a ? total : d));
});

export const Stack = join('Stack', 'x', 'stack', (shapes, axis) => {
  const first = shapes[0]!;
  const a = canonicalizeAxis(axis, first.length + 1);
  const bad = shapes.find((s) => !compatible(s, first));
  if (bad) throw new KerasBridgeError('INCOMPATIBLE_SHAPES', `Every value in \`x\` must have the same shape. But found element of shape ${formatShape(bad)}, which is different from the first element's shape ${formatShape(first)}.`);
  const shape = [...first];
  shape.splice(a, 0, shapes.length);
  return shape;
});
