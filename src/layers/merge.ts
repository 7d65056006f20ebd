import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition, type LayerOptions, type LegacyClass } from '../ir/define-layer.js';
import { formatShape, resolveAxis, type Dim, type Shape } from '../ir/shape.js';
import { mergeMasks } from '../ir/masks.js';
import type { SymbolicTensor, TensorSpec } from '../ir/tensor.js';
import { baseOf } from './legacy.js';

function listOfInputs(inputs: TensorSpec[], atLeast: number): TensorSpec[] {
  if (inputs.length < atLeast) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `A merge layer should be called on a list of at least ${atLeast} input${atLeast === 1 ? '' : 's'}. Got ${inputs.length}.`,
    );
  }
  return inputs;
}

/** The batch dim all inputs agree on, or null. */
function commonBatch(shapes: Shape[]): Dim {
  const known = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
  return known.size === 1 ? ([...known][0] as number) : null;
}

/** Keras' broadcasting rule for element-wise merges: trailing dims equal, or one of them 1. */
function broadcastShapes(a: Shape, b: Shape): Dim[] {
  if (a.length < b.length) return broadcastShapes(b, a);
  const out: Dim[] = [...a.slice(0, a.length - b.length)];
  a.slice(a.length - b.length).forEach((i, k) => {
    const j = b[k]!;
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else {
      throw new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        `Inputs have incompatible shapes. Received shapes ${formatShape(a)} and ${formatShape(b)}.`,
      );
    }
  });
  return out;
}

type ElementwiseMerge = 'Add' | 'Subtract' | 'Multiply' | 'Average' | 'Maximum' | 'Minimum';

function elementwiseDefinition(className: ElementwiseMerge): LayerDefinition<Record<never, never>> {
  const exactlyTwo = className === 'Subtract';
  return {
    className,
    defaults: {},
    positional: [],
    outputSpecs(_c, inputs) {
      listOfInputs(inputs, exactlyTwo ? 2 : 1);
      if (exactlyTwo && inputs.length !== 2) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `A \`Subtract\` layer should be called on exactly 2 inputs. Received: ${inputs.length} inputs.`);
      }
      const shapes = inputs.map((t) => t.shape);
      const features = shapes.map((s) => s.slice(1)).reduce((acc, s) => broadcastShapes(acc, s));
      return [{ shape: [commonBatch(shapes), ...features], dtype: inputs[0]!.dtype }];
    },
    computeMask: mergeMasks,
  };
}

type NoOptions = LayerOptions<Record<never, never>>;
export const Add = layerFactory<Record<never, never>, []>(elementwiseDefinition('Add'));
export const Subtract = layerFactory<Record<never, never>, []>(elementwiseDefinition('Subtract'));
export const Multiply = layerFactory<Record<never, never>, []>(elementwiseDefinition('Multiply'));
export const Average = layerFactory<Record<never, never>, []>(elementwiseDefinition('Average'));
export const Maximum = layerFactory<Record<never, never>, []>(elementwiseDefinition('Maximum'));
export const Minimum = layerFactory<Record<never, never>, []>(elementwiseDefinition('Minimum'));

export interface ConcatenateConfig {
  axis: number;
}

export const Concatenate = layerFactory<ConcatenateConfig, [axis: number]>({
  className: 'Concatenate',
  defaults: { axis: -1 },
  positional: ['axis'],
  outputSpecs(c, inputs) {
    const shapes = listOfInputs(inputs, 1).map((t) => t.shape);
    const rank = shapes[0]!.length;
    const axis = resolveAxis(c.axis, rank);
    const mismatch = () =>
      new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        'A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. ' +
          `Received: input_shape=[${shapes.map(formatShape).join(', ')}], axis=${c.axis}.`,
      );
    if (axis < 0 || axis >= rank || shapes.some((s) => s.length !== rank)) throw mismatch();
    for (let d = 1; d < rank; d++) {
      const known = new Set(shapes.map((s) => s[d]).filter((x) => x !== null));
      if (d !== axis && known.size > 1) throw mismatch();
    }
    // As in Keras, the other dims are the first input's, even where it leaves one unknown.
    const out: Dim[] = [...shapes[0]!];
    const axisDims = shapes.map((s) => s[axis]!);
    out[axis] = axisDims.some((x) => x === null) ? null : axisDims.reduce((a, b) => a! + b!, 0);
    return [{ shape: out, dtype: inputs[0]!.dtype }];
  },
  computeMask(c, masks, ops) {
    if (masks.every((m) => m === undefined)) return [];
    // Keras 2 broadcast masks and reduced them with `all` instead (merge.py `Concatenate.compute_mask`).
    if (ops.kerasMajor < 3) return [ops.unsupported(`Keras ${ops.kerasMajor} combined the masks of concatenated inputs by its own rules, which are not lowered`)];
    return [ops.concatenate(masks, c.axis)];
  },
});

export interface DotConfig {
  /** One axis for both inputs, or `[axis of the first, axis of the second]`; the batch axis is 0. */
  axes: number | readonly [number, number];
  /** L2-normalise both inputs along the axes first, which makes the product a cosine similarity. */
  normalize: boolean;
}

/** The dot product of two inputs along `axes`, per sample (Keras' `batch_dot`). */
export const Dot = layerFactory<DotConfig, [axes: number | readonly [number, number], normalize: boolean]>({
  className: 'Dot',
  defaults: { axes: -1, normalize: false },
  positional: ['axes', 'normalize'],
  required: ['axes'],
  normalize(c) {
    const pair = Array.isArray(c.axes) && c.axes.length === 2 && c.axes.every(Number.isInteger);
    if (!Number.isInteger(c.axes) && !pair) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Invalid format for argument \`axes\`: it should be an int or a list of two ints. Received: axes=${JSON.stringify(c.axes)}.`);
    }
    return c;
  },
  outputSpecs(c, inputs) {
    if (inputs.length !== 2) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `A \`Dot\` layer should be called on a list of 2 inputs. Received: ${inputs.length} input(s).`);
    }
    const [a, b] = inputs.map((t) => [...t.shape]) as [Dim[], Dim[]];
    const [i, j] = (typeof c.axes === 'number' ? [c.axes, c.axes] : c.axes).map((axis, k) => resolveAxis(axis, [a, b][k]!.length));
    // As Keras compares them in Python, an unknown size only matches another unknown one.
    if (a[i!] === undefined || a[i!] !== b[j!]) {
      throw new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        `Incompatible input shapes: axis values ${a[i!] ?? 'None'} (at axis ${i}) != ${b[j!] ?? 'None'} (at axis ${j}). ` +
          `Full input shapes: ${formatShape(a)}, ${formatShape(b)}.`,
      );
    }
    a.splice(i!, 1);
    b.splice(j!, 1);
    // Keras drops the second input's first remaining axis (its batch axis, unless that was summed over).
    const shape = [...a, ...b.slice(1)];
    return [{ shape: shape.length === 1 ? [...shape, 1] : shape, dtype: 'float32' }];
  },
});

// Keras' functional shortcuts: `concatenate([a, b], { axis: 1 })` is `Concatenate({ axis: 1 })([a, b])`.
export const add = (inputs: SymbolicTensor[], options?: NoOptions) => Add(options ?? {})(inputs);
export const subtract = (inputs: SymbolicTensor[], options?: NoOptions) => Subtract(options ?? {})(inputs);
export const multiply = (inputs: SymbolicTensor[], options?: NoOptions) => Multiply(options ?? {})(inputs);
export const average = (inputs: SymbolicTensor[], options?: NoOptions) => Average(options ?? {})(inputs);
export const maximum = (inputs: SymbolicTensor[], options?: NoOptions) => Maximum(options ?? {})(inputs);
export const minimum = (inputs: SymbolicTensor[], options?: NoOptions) => Minimum(options ?? {})(inputs);
export const dot = (inputs: SymbolicTensor[], options?: LayerOptions<DotConfig>) => Dot({ axes: -1, ...options })(inputs);
export const concatenate = (inputs: SymbolicTensor[], options?: LayerOptions<ConcatenateConfig>) =>
  Concatenate(options ?? {})(inputs);

// Keras 1's one `Merge` class picked its operation by `mode`; Keras 2 has a class per mode. `cos` is
// a dot product of L2-normalised inputs, which is Dot(normalize=True).
const MERGE_MODES: Record<string, string> = {
  concat: 'Concatenate',
  sum: 'Add',
  mul: 'Multiply',
  ave: 'Average',
  max: 'Maximum',
  dot: 'Dot',
  cos: 'Dot',
};

/** Keras 1 `Merge` layers (`merge([a, b], mode='concat', concat_axis=1)`), as the Keras 2 classes. */
export const MERGE_LEGACY_CLASSES: readonly LegacyClass[] = [
  {
    className: 'Merge',
    upgrade(config) {
      const mode = config.mode;
      if (Array.isArray(config.layers)) {
        throw new KerasBridgeError(
          'UNSUPPORTED_FORMAT',
          `Keras 1 Merge '${String(config.name)}' merges whole models (a Sequential branch per input), which Keras 2 removed. ` +
            'Rebuild the model with the functional API, merging the branch outputs with Concatenate, Add, ... layers.',
        );
      }
      if (typeof mode !== 'string' || (config.mode_type !== undefined && config.mode_type !== 'raw')) {
        throw new KerasBridgeError(
          'UNSAFE_CONTENT',
          `Keras 1 Merge '${String(config.name)}' uses a Python function as its mode, stored as bytecode, which kerasbridge never runs. ` +
            'Rebuild the model with a built-in merge layer in its place.',
        );
      }
      const className = Object.hasOwn(MERGE_MODES, mode) ? MERGE_MODES[mode] : undefined;
      if (!className) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `Unknown Keras 1 Merge mode '${mode}'. Expected one of ${Object.keys(MERGE_MODES).join(', ')}.`);
      }
      // Keras 1 defaulted both axes arguments to -1.
      const options =
        className === 'Concatenate'
          ? { axis: config.concat_axis ?? -1 }
          : className === 'Dot'
            ? { axes: config.dot_axes ?? -1, normalize: mode === 'cos' }
            : {};
      return { className, config: { ...baseOf(config), ...options } };
    },
  },
];
