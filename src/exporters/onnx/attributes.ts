import { KerasBridgeError } from '../../ir/errors.js';
import { ATTRIBUTE_TYPE } from './onnx-descriptor.js';
import type { AttributeProto } from './onnx-schema.js';

/** An attribute as lowerings write it: `{ perm: [0, 3, 1, 2], alpha: 0.2, mode: 'nearest' }`. */
export type AttributeValue = number | string | readonly number[] | readonly string[];
export type Attributes = Readonly<Record<string, AttributeValue | undefined>>;

// JavaScript has one number type, so whether `alpha: 1` is a FLOAT or an INT comes from the name.
// These are the names whose every use in the default domain is FLOAT or FLOATS, from
//   [n for s in onnx.defs.get_all_schemas_with_history() for n, a in s.attributes.items()]
// (onnx 1.23); every other number is an INT, as for `axis`, `perm` and `kernel_shape`.
const FLOAT_ATTRIBUTES = new Set([
  'activation_alpha', 'activation_beta', 'alpha', 'beta', 'bias', 'clip', 'cubic_coeff_a', 'epsilon',
  'extrapolation_value', 'gamma', 'height_scale', 'high', 'lambd', 'low', 'max', 'mean', 'min', 'momentum',
  'ratio', 'scale', 'scales', 'softcap', 'spatial_scale', 'value_float', 'value_floats', 'weights', 'width_scale',
]);

const utf8 = new TextEncoder();

function checkInts(opType: string, name: string, values: readonly number[]): readonly number[] {
  if (values.some((v) => !Number.isInteger(v))) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Attribute '${name}' of ONNX ${opType} must hold integers, but got ${JSON.stringify(values)}.`,
    );
  }
  return values;
}

export function encodeAttribute(opType: string, name: string, value: AttributeValue): AttributeProto {
  const isFloat = FLOAT_ATTRIBUTES.has(name);
  if (typeof value === 'string') return { name, type: ATTRIBUTE_TYPE.STRING, s: utf8.encode(value) };
  if (typeof value === 'number') {
    return isFloat ? { name, type: ATTRIBUTE_TYPE.FLOAT, f: value } : { name, type: ATTRIBUTE_TYPE.INT, i: checkInts(opType, name, [value])[0] };
  }
  if (value.some((v) => typeof v === 'string')) return { name, type: ATTRIBUTE_TYPE.STRINGS, strings: (value as readonly string[]).map((v) => utf8.encode(v)) };
  const numbers = value as readonly number[];
  return isFloat ? { name, type: ATTRIBUTE_TYPE.FLOATS, floats: numbers } : { name, type: ATTRIBUTE_TYPE.INTS, ints: checkInts(opType, name, numbers) };
}
