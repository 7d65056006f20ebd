import { KerasBridgeError, readNpy, readNpz, type IOSpec, type NdArray } from '../../browser.js';
import { elementCount } from '../../runtime/nd-array.js';
import { typedArrayOf } from '../../runtime/nested-arrays.js';

/** A dimension the graph leaves open besides the batch (a sequence length) gets this many steps in random input. */
const OPEN_DIMENSION = 8;

/**
 * Seeded random inputs, the same for the same seed in every browser: floats uniform in [0, 1), integers and
 * booleans 0 or 1 (valid indices for any Embedding). Mulberry32: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function randomInputs(specs: readonly IOSpec[], seed: number, batch: number): Record<string, NdArray> {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.fromEntries(
    specs.map((spec) => {
      const shape = spec.shape.map((d, i) => d ?? (i === 0 ? batch : OPEN_DIMENSION));
      const isFloat = spec.dtype === 'float32' || spec.dtype === 'float64';
      const values = Array.from({ length: elementCount(shape) }, () => (isFloat ? next() : next() < 0.5 ? 0 : 1));
      return [spec.name, { data: typedArrayOf(values, spec.dtype, spec.name), shape, dtype: spec.dtype }];
    }),
  );
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;
const stem = (name: string) => name.replace(/\.npy$/i, '');

/**
 * Inputs from the user's files, as the CLI's `run --input` reads them: `NAME.npy` per input (named after
 * the Keras input), an `.npz` of named arrays, or one `.npy` for a model with one input.
 */
export async function inputsFromFiles(files: readonly File[], inputNames: readonly string[]): Promise<Record<string, NdArray>> {
  const inputs: Record<string, NdArray> = {};
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const arrays = isZip(bytes) ? readNpz(bytes, file.name) : { [inputNames.length === 1 ? inputNames[0]! : stem(file.name)]: readNpy(bytes, file.name) };
    for (const [name, array] of Object.entries(arrays)) {
      if (!inputNames.includes(name)) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `'${file.name}' gives an array '${name}', but the model's inputs are ${inputNames.map((n) => `'${n}'`).join(', ')}. Name each .npy file (or .npz entry) after its input.`, { file: file.name });
      }
      inputs[name] = array;
    }
  }
  return inputs;
}
