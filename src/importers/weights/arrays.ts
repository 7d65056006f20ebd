import type { WeightArray } from '../../ir/define-layer.js';
import type { Weight, WeightInFile, WeightValue } from '../../ir/weight.js';
import type { H5Data, H5DType } from '../h5/datasets.js';
import type { H5File } from '../h5/h5-file.js';

/**
 * Keras casts what it loads to the variable's dtype, so float64 and half-precision arrays become
 * float32; integer arrays keep an integer type.
 */
function asWeightValue(data: H5Data): WeightValue {
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof BigInt64Array || data instanceof Uint8Array) return data;
  if (data instanceof Float64Array) return Float32Array.from(data);
  if (data instanceof BigUint64Array) return BigInt64Array.from(data, (v) => BigInt.asIntN(64, v));
  return Int32Array.from(data as ArrayLike<number>);
}

/** Stored types whose bytes are a weight value's bytes as they are (so that they can be copied out of the file unconverted), with the array type they are held in. */
const HELD_AS: Partial<Record<H5DType, WeightInFile['dtype']>> = { float32: 'float32', int32: 'int32', int64: 'int64', uint8: 'uint8', bool: 'uint8' };

/** Arrays read later whose values nobody has looked at: what the file holds is then what the weight holds. */
const untouched = new WeakMap<WeightArray, WeightInFile>();

/** Reads one saved array as a weight value. */
export function readWeightArray(file: H5File, path: string, name = path): WeightArray {
  const { shape, data } = file.dataset(path);
  return { name, shape, data: asWeightValue(data) };
}

/**
 * `readWeightArray`, with the values left in the file until something reads `data` (when their stored
 * type is the weight's own; others are read now). Pair with `assignArray`.
 */
export function readWeightArrayLater(file: H5File, path: string, name = path): WeightArray {
  const dataset = file.datasetLater(path);
  const dtype = HELD_AS[dataset.dtype];
  if (dtype === undefined) return { name, shape: dataset.shape, data: asWeightValue(dataset.read().data) };
  const source: WeightInFile = {
    dtype,
    read: () => asWeightValue(dataset.read().data),
    withBytes: dataset.withBytes,
    leadingBytes: dataset.leadingBytes,
    rowBytes: dataset.rowBytes,
    readRange: dataset.readRange,
  };
  let data: WeightValue | undefined;
  const array: WeightArray = {
    name,
    shape: dataset.shape,
    get data() {
      untouched.delete(array);
      return (data ??= source.read());
    },
  };
  untouched.set(array, source);
  return array;
}

/** Whether an array's values are still only in its file (and so have the length its shape says). */
export function isLeftInFile(array: WeightArray): boolean {
  return untouched.has(array);
}

/** The reader an import uses: one that reads every array now, or one that leaves them in the file. */
export function weightArrayReader(readLater: boolean | undefined): typeof readWeightArray {
  return readLater ? readWeightArrayLater : readWeightArray;
}

/**
 * Gives a weight an array's values: left in the file when the array is one `readWeightArrayLater` made and
 * nothing has read it (an upgrade that rewrote it made a new one), read otherwise.
 */
export function assignArray(target: Weight, array: WeightArray): void {
  const source = untouched.get(array);
  if (source) target.readLater(source);
  else target.value = array.data;
}
