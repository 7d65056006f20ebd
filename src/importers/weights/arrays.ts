import type { WeightArray } from '../../ir/define-layer.js';
import type { H5File } from '../h5/h5-file.js';

/**
 * Reads one saved array as a weight value. Keras casts what it loads to the variable's dtype, so
 * float64 and half-precision arrays become float32; integer arrays keep an integer type.
 */
export function readWeightArray(file: H5File, path: string, name = path): WeightArray {
  const { shape, data } = file.dataset(path);
  let values: WeightArray['data'];
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof BigInt64Array || data instanceof Uint8Array) values = data;
  else if (data instanceof Float64Array) values = Float32Array.from(data);
  else if (data instanceof BigUint64Array) values = BigInt64Array.from(data, (v) => BigInt.asIntN(64, v));
  else values = Int32Array.from(data as ArrayLike<number>);
  return { name, shape, data: values };
}
