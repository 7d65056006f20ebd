/**
 * The rules Keras 2 applied to configs and weights written by Keras 1 (and that tf.keras and Keras 3
 * still imply), shared by the `upgradeConfig` / `upgradeWeights` hooks of the layer families.
 * Sources: Keras 2's `keras/legacy/interfaces.py` (argument names, the `generate_legacy_interface`
 * conversions) and `keras/engine/saving.py` `preprocess_weights_for_loading` / `_convert_rnn_weights`
 * (weight layouts); keras-team/keras at 2.2.x.
 */
import type { LegacyClass, UpgradeContext, WeightArray } from '../ir/define-layer.js';

export type SavedConfig = Record<string, unknown>;
export type Renames = readonly (readonly [from: string, to: string])[];

/** Keras 2's `legacy_dense_support` and `legacy_conv*d_support` share these Keras 1 names. */
export const KERNEL_BIAS_RENAMES: Renames = [
  ['init', 'kernel_initializer'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['W_constraint', 'kernel_constraint'],
  ['b_constraint', 'bias_constraint'],
  ['bias', 'use_bias'],
];

// Keras 2's value_conversions for `dim_ordering`: 'default' meant the image_dim_ordering of the user's
// keras.json, which the file does not record, so Keras 2 fell back to its own default (channels_last).
const DATA_FORMATS: Record<string, string | undefined> = { th: 'channels_first', tf: 'channels_last', default: undefined };

// Keras 1 wrote regularizers and constraints as `{ name, ...fields }`, without class_name/config; some of
// their fields were renamed when Keras 2 made them serialisable objects.
const KERAS1_OBJECTS: Record<string, { className: string; fields?: Record<string, string> }> = {
  WeightRegularizer: { className: 'L1L2' },
  L1L2Regularizer: { className: 'L1L2' },
  ActivityRegularizer: { className: 'L1L2' },
  MaxNorm: { className: 'MaxNorm', fields: { m: 'max_value' } },
  MinMaxNorm: { className: 'MinMaxNorm', fields: { low: 'min_value', high: 'max_value' } },
};

function isRecord(value: unknown): value is SavedConfig {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function upgradeObject(key: string, value: unknown): unknown {
  if (!isRecord(value)) return value;
  // tf.keras on TF 1.x wrote `dtype` into initializer configs; Keras 3 initializers reject the argument.
  if (key.endsWith('_initializer') && isRecord(value.config) && 'dtype' in value.config) {
    const { dtype: _dtype, ...config } = value.config;
    return { ...value, config };
  }
  if ((key.endsWith('_regularizer') || key.endsWith('_constraint')) && !('class_name' in value) && typeof value.name === 'string') {
    const { name, ...fields } = value;
    const known = Object.hasOwn(KERAS1_OBJECTS, name) ? KERAS1_OBJECTS[name] : undefined;
    const rename = known?.fields ?? {};
    return {
      class_name: known?.className ?? name,
      config: Object.fromEntries(Object.entries(fields).map(([field, v]) => [rename[field] ?? field, v])),
    };
  }
  return value;
}

/**
 * Keras 1 names to current ones, as Keras 2's legacy interfaces converted constructor arguments. The
 * conversions run whatever the file's version: a key only an older Keras wrote cannot mean anything else,
 * and a config already upgraded (by a legacy class) passes through unchanged.
 */
export function upgradeLegacyOptions(config: SavedConfig, renames: Renames = []): SavedConfig {
  const out: SavedConfig = { ...config };
  for (const [from, to] of renames) {
    if (!(from in out)) continue;
    // Keras 2 refused a call with both names; a file holding both has the current one right.
    if (!(to in out)) out[to] = out[from];
    delete out[from];
  }
  if ('dim_ordering' in out) {
    const ordering = out.dim_ordering;
    const format = typeof ordering === 'string' && Object.hasOwn(DATA_FORMATS, ordering) ? DATA_FORMATS[ordering] : ordering;
    if (format !== undefined && !('data_format' in out)) out.data_format = format;
    delete out.dim_ordering;
  }
  for (const [key, value] of Object.entries(out)) out[key] = upgradeObject(key, value);
  return out;
}

/** tf.keras wrote normalisation axes as resolved one-element lists; Keras 3's legacy loader unwraps them (saving_utils.model_from_config). */
export function unwrapAxis(config: SavedConfig): SavedConfig {
  return Array.isArray(config.axis) && config.axis.length === 1 ? { ...config, axis: config.axis[0] } : config;
}

/**
 * Keras 1 layers took their input shape as `input_dim` / `input_length`; Keras 2's constructors and
 * legacy preprocessors turned them into `input_shape`. Files usually carry `batch_input_shape` as well,
 * which wins. `perSample` is the input shape those keys describe, or null when they describe none.
 */
export function legacyInputShape(config: SavedConfig, consumed: readonly string[], perSample: readonly unknown[] | null): SavedConfig {
  const out: SavedConfig = { ...config };
  for (const key of consumed) delete out[key];
  if (perSample && out.batch_input_shape == null && out.input_shape == null) out.batch_input_shape = [null, ...perSample];
  return out;
}

/** `(input_length, input_dim)`: the input of Keras 1 recurrent layers and Convolution1D. */
export function sequenceInputShape(config: SavedConfig): SavedConfig {
  const perSample = config.input_dim != null ? [config.input_length ?? null, config.input_dim] : null;
  return legacyInputShape(config, ['input_dim', 'input_length'], perSample);
}

const BASE_KEYS = ['name', 'trainable', 'dtype', 'batch_input_shape'];

/** The options every layer has, for a legacy class whose own options all change. */
export function baseOf(config: SavedConfig): SavedConfig {
  return Object.fromEntries(BASE_KEYS.filter((key) => config[key] !== undefined).map((key) => [key, config[key]]));
}

/** A legacy class that is a current one under another name, with its options upgraded on the way. */
export function renamedClass(className: string, target: string, upgrade: (config: SavedConfig, context: UpgradeContext) => SavedConfig): LegacyClass {
  return { className, upgrade: (config, context) => ({ className: target, config: upgrade(config, context) }) };
}

// ---------------------------------------------------------------------------------------------------
// Weight layouts. Arrays are row-major; every rewrite is a pure re-indexing (or, for CuDNN biases, a sum).

type Data = WeightArray['data'];

function allocate(like: Data, size: number): Data {
  return new (like.constructor as new (length: number) => Data)(size);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = shape.map(() => 1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
  return strides;
}

/** An array of `shape` whose element at each index is `array`'s element at flat position `source(index)`. */
function gather(array: WeightArray, shape: readonly number[], source: (index: readonly number[]) => number): WeightArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = allocate(array.data, size);
  const write = data as unknown as { [i: number]: number | bigint };
  const index = shape.map(() => 0);
  for (let flat = 0; flat < size; flat++) {
    write[flat] = array.data[source(index)]!;
    for (let axis = shape.length - 1; axis >= 0 && ++index[axis] === shape[axis]; axis--) index[axis] = 0;
  }
  return { name: array.name, shape: [...shape], data };
}

/** `np.transpose(array, perm)`. */
export function permuteAxes(array: WeightArray, perm: readonly number[]): WeightArray {
  const strides = stridesOf(array.shape);
  return gather(array, perm.map((p) => array.shape[p]!), (index) => index.reduce((flat, i, axis) => flat + i * strides[perm[axis]!]!, 0));
}

/**
 * Keras 2's `conv_utils.convert_kernel`: reverses every spatial axis (all but the last two), which turns
 * a kernel trained with Theano's true convolution into one for the cross-correlation of TF and ONNX.
 */
export function flipSpatialAxes(array: WeightArray): WeightArray {
  const strides = stridesOf(array.shape);
  const spatial = array.shape.length - 2;
  return gather(array, array.shape, (index) =>
    index.reduce((flat, i, axis) => flat + (axis < spatial ? array.shape[axis]! - 1 - i : i) * strides[axis]!, 0),
  );
}

/** `array[..., 0, ...]` along `axis`: drops an axis of length 1 the old layout carried. */
export function dropAxis(array: WeightArray, axis: number): WeightArray {
  const strides = stridesOf(array.shape);
  const shape = array.shape.filter((_, a) => a !== axis);
  return gather(array, shape, (index) => index.reduce((flat, i, a) => flat + i * strides[a < axis ? a : a + 1]!, 0));
}

/** `np.concatenate(arrays, axis=-1)`. */
export function concatLast(arrays: readonly WeightArray[], name: string): WeightArray {
  const first = arrays[0]!;
  const lead = first.shape.slice(0, -1);
  const widths = arrays.map((a) => a.shape[a.shape.length - 1]!);
  const total = widths.reduce((a, b) => a + b, 0);
  const rows = lead.reduce((a, b) => a * b, 1);
  const data = allocate(first.data, rows * total);
  for (let row = 0, offset = 0; row < rows; row++) {
    arrays.forEach((a, k) => {
      (data as unknown as { set(values: ArrayLike<number | bigint>, at: number): void }).set(a.data.subarray(row * widths[k]!, (row + 1) * widths[k]!), offset);
      offset += widths[k]!;
    });
  }
  return { name, shape: [...lead, total], data };
}

/** `np.hsplit` of a matrix into `parts` equal column blocks, one per gate. */
export function splitColumns(array: WeightArray, parts: number): WeightArray[] {
  const [rows, columns] = array.shape as [number, number];
  const width = columns / parts;
  return Array.from({ length: parts }, (_, k) => gather(array, [rows, width], ([r, c]) => r! * columns + k * width + c!));
}

/** `matrix.T`. */
export function transpose2d(array: WeightArray): WeightArray {
  return permuteAxes(array, [1, 0]);
}

/**
 * `kernel.T.reshape(kernel.shape, order='F')` (`_convert_rnn_weights.transpose_input(from_cudnn=True)`):
 * CuDNN stores each gate's input kernel in column-major order of its transpose.
 */
export function fromCuDNNInputKernel(array: WeightArray): WeightArray {
  // Reading `kernel.T` in column-major order visits `kernel` in row-major order, so element (a, b) of
  // the result, written column-major, is the row-major element a + b * rows of the saved array.
  const rows = array.shape[0]!;
  return gather(array, array.shape, ([a, b]) => a! + b! * rows);
}

/** `_convert_rnn_weights.transform_kernels`: `fn` applied to each gate's column block. */
export function transformGates(array: WeightArray, gates: number, fn: (block: WeightArray) => WeightArray): WeightArray {
  return concatLast(splitColumns(array, gates).map(fn), array.name);
}

export function reshape(array: WeightArray, shape: readonly number[]): WeightArray {
  return { ...array, shape: [...shape] };
}

/** Elementwise sum of two halves of a vector (`np.sum(np.split(bias, 2), axis=0)`). */
export function sumHalves(array: WeightArray): WeightArray {
  const half = array.shape[0]! / 2;
  const data = allocate(array.data, half);
  const write = data as unknown as { [i: number]: number };
  const read = array.data as unknown as { [i: number]: number };
  for (let i = 0; i < half; i++) write[i] = read[i]! + read[i + half]!;
  return { name: array.name, shape: [half], data };
}

/**
 * Keras 2's handling of a convolution's kernel (the first saved array): first the Keras 1 layout
 * (`keras1`, per layer class), then the Theano flip when the file says Theano wrote it. Keras 1 files
 * record no backend, so, as in Keras 2 (`_need_convert_kernel(None)` is False), their kernels are not flipped.
 */
export function upgradeConvKernel(
  arrays: WeightArray[],
  context: UpgradeContext,
  keras1: (kernel: WeightArray) => WeightArray,
): WeightArray[] {
  const [kernel, ...rest] = arrays;
  if (!kernel) return arrays;
  const laidOut = context.kerasMajor === 1 ? keras1(kernel) : kernel;
  return [context.backend === 'theano' ? flipSpatialAxes(laidOut) : laidOut, ...rest];
}
