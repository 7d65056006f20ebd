import { KerasBridgeError } from '../ir/errors.js';
import { ARRAY_TYPES, type NdArrayDType, type TypedArray } from './nd-array.js';

export type Scalar = number | boolean | bigint;

/** Plain JS arrays nested as deep as the tensor's rank, like the lists NumPy and Keras take. */
export interface NestedArray extends ReadonlyArray<Scalar | NestedArray> {}

const FLOATS: ReadonlySet<NdArrayDType> = new Set(['float32', 'float64']);
const BIG_INTS: ReadonlySet<NdArrayDType> = new Set(['int64', 'uint64']);

/** The shape of nested arrays (read along their first elements) and their leaves in row-major order. */
export function flattenNested(value: NestedArray, inputName: string): { shape: number[]; values: Scalar[] } {
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: Scalar[] = [];
  const path: number[] = [];
  const where = () => `${inputName}${path.map((i) => `[${i}]`).join('')}`;
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number' && typeof node !== 'boolean' && typeof node !== 'bigint') {
        throw new KerasBridgeError('INVALID_ARGUMENT', `Input '${inputName}': ${where()} is ${describe(node)}, not a number. Nested arrays must be rectangular and hold numbers.`, {
          layer: inputName,
        });
      }
      values.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        `Input '${inputName}': the nested arrays are ragged: ${where()} has ${Array.isArray(node) ? `${node.length} elements` : `the value ${describe(node)}`} where ${shape[depth]} were expected. Give every row the same length.`,
        { layer: inputName },
      );
    }
    node.forEach((child, i) => {
      path.push(i);
      walk(child, depth + 1);
      path.pop();
    });
  };
  walk(value, 0);
  return { shape, values };
}

/** The values as a typed array of `dtype`; a value the dtype cannot hold exactly is an error naming the input. */
export function typedArrayOf(values: readonly Scalar[], dtype: NdArrayDType, inputName: string): TypedArray {
  const array = new ARRAY_TYPES[dtype](values.length) as { [i: number]: number | bigint };
  values.forEach((value, i) => {
    const converted = convert(value, dtype);
    if (converted !== undefined) array[i] = converted;
    // Writing to an integer typed array wraps and truncates silently; reading back shows whether it did.
    if (converted === undefined || (!FLOATS.has(dtype) && array[i] !== converted)) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Input '${inputName}' is ${dtype}, but element ${i} (row-major) is ${describe(value)}, which ${dtype} cannot hold. ` +
          (dtype === 'bool' ? 'Give true/false or 0/1.' : FLOATS.has(dtype) ? 'Give numbers.' : `Give whole numbers in the range of ${dtype}.`),
        { layer: inputName },
      );
    }
  });
  return array as TypedArray;
}

function convert(value: Scalar, dtype: NdArrayDType): number | bigint | undefined {
  if (dtype === 'bool') return value === true || value === 1 ? 1 : value === false || value === 0 ? 0 : undefined;
  if (BIG_INTS.has(dtype)) return typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value as number) : undefined;
  return typeof value === 'number' ? value : undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return String(value);
}
