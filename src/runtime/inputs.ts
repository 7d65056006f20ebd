import { KerasBridgeError } from '../ir/errors.js';
import { formatShape } from '../ir/shape.js';
import { ARRAY_TYPES, dtypeOfArray, elementCount, isTypedArray, type NdArray, type NdArrayDType, type IOSpec, type TypedArray } from './nd-array.js';
import { flattenNested, typedArrayOf, type NestedArray } from './nested-arrays.js';

/** Values with their shape; `dtype` is needed only to tell bool from uint8 (both are `Uint8Array`s). */
export interface NdArrayLike {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype?: NdArrayDType;
}

/** One input's values: a flat typed array (its batch size inferred), nested JS arrays, or values with a shape. */
export type InputValue = TypedArray | NestedArray | NdArrayLike;

/**
 * What `predict()` takes: the one input's values, a record keyed by Keras input name, or an array with one
 * value per input in the model's order. A model with one input reads a top-level array as nested arrays.
 */
export type PredictInputs = InputValue | readonly InputValue[] | Readonly<Record<string, InputValue>>;

/** The inputs in the model's order, checked against its specs: names, dtypes, shapes and a common batch size. */
export function normalizeInputs(specs: readonly IOSpec[], inputs: PredictInputs): NdArray[] {
  const values = valuesByInput(specs, inputs);
  const arrays = specs.map((spec, i) => toNdArray(spec, values[i]!));
  const batched = specs.flatMap((spec, i) => (spec.shape[0] === null ? [{ name: spec.name, batch: arrays[i]!.shape[0] }] : []));
  const other = batched.find((b) => b.batch !== batched[0]!.batch);
  if (other) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `Inputs '${batched[0]!.name}' and '${other.name}' have different batch sizes (${batched[0]!.batch} and ${other.batch}). Give every input the same number of samples.`,
      { layer: other.name },
    );
  }
  return arrays;
}

function isNdArrayLike(value: unknown): value is NdArrayLike {
  return typeof value === 'object' && value !== null && isTypedArray((value as NdArrayLike).data) && Array.isArray((value as NdArrayLike).shape);
}

function valuesByInput(specs: readonly IOSpec[], inputs: PredictInputs): InputValue[] {
  const names = specs.map((s) => s.name).join(', ');
  const isTensor = (value: unknown) => isTypedArray(value) || isNdArrayLike(value);
  // A top-level array is positional only when it cannot be the nested arrays of a one-input model.
  const single = isTensor(inputs) || (Array.isArray(inputs) && specs.length === 1 && !isTensor(inputs[0]));
  if (single) {
    if (specs.length === 1) return [inputs as InputValue];
    throw new KerasBridgeError('INVALID_ARGUMENT', `The model has ${specs.length} inputs (${names}), but got the values of one. Pass a record keyed by input name, or an array in this order.`);
  }
  if (Array.isArray(inputs)) {
    if (inputs.length === specs.length) return inputs as InputValue[];
    throw new KerasBridgeError('INVALID_ARGUMENT', `The model has ${specs.length} inputs (${names}), but the array holds ${inputs.length} values. Give one per input, in this order.`);
  }
  const record = inputs as Readonly<Record<string, InputValue>>;
  const unknown = Object.keys(record).find((name) => !specs.some((s) => s.name === name));
  if (unknown !== undefined) throw new KerasBridgeError('INVALID_ARGUMENT', `Unknown input name '${unknown}'. The model's inputs are: ${names}.`);
  const missing = specs.find((s) => record[s.name] === undefined);
  if (missing) throw new KerasBridgeError('INVALID_ARGUMENT', `Input '${missing.name}' is missing. The model's inputs are: ${names}.`, { layer: missing.name });
  return specs.map((s) => record[s.name]!);
}

function toNdArray(spec: IOSpec, value: InputValue): NdArray {
  if (isTypedArray(value)) return checked(spec, { data: value, shape: inferShape(spec, value.length) });
  if (isNdArrayLike(value)) return checked(spec, value);
  if (!Array.isArray(value)) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Input '${spec.name}' is ${value === null ? 'null' : typeof value}. Give a typed array, nested arrays, or { data, shape }.`, { layer: spec.name });
  }
  const { shape, values } = flattenNested(value, spec.name);
  checkShape(spec, shape);
  return { data: typedArrayOf(values, spec.dtype, spec.name), shape, dtype: spec.dtype };
}

function checked(spec: IOSpec, value: NdArrayLike): NdArray {
  const held = value.dtype ?? dtypeOfArray(value.data);
  const fits = held === spec.dtype || (value.dtype === undefined && held === 'uint8' && spec.dtype === 'bool');
  if (!fits) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Input '${spec.name}' expects ${spec.dtype} values, but got ${held}. Convert them first (in NumPy: x.astype('${spec.dtype}')).`, {
      layer: spec.name,
    });
  }
  if (!(value.data instanceof ARRAY_TYPES[held]) || value.data.length !== elementCount(value.shape)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Input '${spec.name}' declares ${held} values of shape ${formatShape(value.shape)}, but holds a ${value.data.constructor.name} of ${value.data.length} elements. Make the data fit the shape.`,
      { layer: spec.name },
    );
  }
  checkShape(spec, value.shape);
  return { data: value.data, shape: [...value.shape], dtype: spec.dtype };
}

function checkShape(spec: IOSpec, shape: readonly number[]): void {
  const fits = shape.length === spec.shape.length && spec.shape.every((d, i) => d === null || d === shape[i]);
  if (!fits) {
    throw new KerasBridgeError('INCOMPATIBLE_SHAPES', `Input '${spec.name}' expects shape ${formatShape(spec.shape)} (None: any size), but got ${formatShape(shape)}.`, {
      layer: spec.name,
    });
  }
}

/** A flat typed array fills the spec's one unknown dimension (the batch); with several unknown, its shape is ambiguous. */
function inferShape(spec: IOSpec, length: number): number[] {
  const free = spec.shape.filter((d) => d === null).length;
  const rest = elementCount(spec.shape.map((d) => d ?? 1));
  if (free <= 1 && rest > 0 && length % rest === 0 && (free === 1 || length === rest)) return spec.shape.map((d) => d ?? length / rest);
  const why = free > 1 ? 'which leaves its shape ambiguous' : `which does not fill shape ${formatShape(spec.shape)}`;
  throw new KerasBridgeError('INCOMPATIBLE_SHAPES', `Input '${spec.name}' expects shape ${formatShape(spec.shape)}, but got a flat array of ${length} elements, ${why}. Pass { data, shape }.`, {
    layer: spec.name,
  });
}
