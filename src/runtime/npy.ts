import { KerasBridgeError } from '../ir/errors.js';
import { formatShape } from '../ir/shape.js';
import { ARRAY_TYPES, elementCount, type NdArray, type NdArrayDType } from './nd-array.js';
import { parsePythonLiteral, type PythonValue } from './python-literal.js';

// The format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy's own cap when reading (`max_header_size`): a huge header is an attack, never an array. */
const MAX_HEADER_BYTES = 10_000;
/** Data starts at a multiple of this, as NumPy writes it, so that the file can be memory-mapped. */
const ALIGNMENT = 64;

/** NumPy's type code (kind and item size) of each dtype. */
const NPY_CODES = {
  float32: 'f4', float64: 'f8', int8: 'i1', uint8: 'u1', int16: 'i2', uint16: 'u2', int32: 'i4', uint32: 'u4', int64: 'i8', uint64: 'u8', bool: 'b1',
} as const satisfies Record<NdArrayDType, string>;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** An array from the bytes of a `.npy` file (format versions 1 to 3, either byte order, C order). */
export function readNpy(bytes: Uint8Array, fileName = 'the .npy bytes'): NdArray {
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    throw new KerasBridgeError('UNSUPPORTED_FORMAT', `'${fileName}' is not a NumPy .npy file: it does not start with \\x93NUMPY. Write arrays with numpy.save().`, { file: fileName });
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) {
    throw new KerasBridgeError('UNSUPPORTED_FORMAT', `'${fileName}' is .npy format version ${major}.${bytes[7]}; versions 1.0 to 3.0 are read. Write it with numpy.save().`, { file: fileName });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) throw corrupt(fileName, 'it ends inside its header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new KerasBridgeError('UNSAFE_CONTENT', `'${fileName}' declares a ${headerLength}-byte header, more than NumPy's limit of ${MAX_HEADER_BYTES}. Refusing the file.`, { file: fileName });
  }
  const dataStart = start + headerLength;
  if (bytes.length < dataStart) throw corrupt(fileName, 'it ends inside its header');
  // Version 3 only changed the header's encoding to UTF-8 (for structured field names).
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, dataStart));
  let header: PythonValue;
  try {
    header = parsePythonLiteral(text);
  } catch (error) {
    throw corrupt(fileName, `its header is not a Python literal (${(error as Error).message})`);
  }
  const { dtype, shape, bigEndian } = parseHeader(header, fileName);
  const byteLength = elementCount(shape) * ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
  if (bytes.length - dataStart !== byteLength) {
    throw corrupt(fileName, `its header declares ${dtype} values of shape ${formatShape(shape)} (${byteLength} bytes), but ${bytes.length - dataStart} bytes of data follow`);
  }
  // A copy, because a typed array must start at a multiple of its element size in its buffer.
  const data = bytes.slice(dataStart);
  if (bigEndian === LITTLE_ENDIAN) swapBytes(data, ARRAY_TYPES[dtype].BYTES_PER_ELEMENT);
  return { data: new ARRAY_TYPES[dtype](data.buffer), shape, dtype };
}

/** The `.npy` bytes of an array, as `numpy.save()` writes them: version 1.0 unless the header needs 2.0. */
export function writeNpy(array: NdArray): Uint8Array {
  const { data, shape, dtype } = array;
  if (data.length !== elementCount(shape)) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Cannot write ${data.length} values as an array of shape ${formatShape(shape)}. Give data that fills the shape.`);
  }
  const itemSize = ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
  const order = itemSize === 1 ? '|' : LITTLE_ENDIAN ? '<' : '>';
  const dict = `{'descr': '${order}${NPY_CODES[dtype]}', 'fortran_order': False, 'shape': (${shape.length === 1 ? `${shape[0]},` : shape.join(', ')}), }`;
  const v1 = paddedLength(10, dict) - 10 <= 0xffff;
  const start = v1 ? 10 : 12;
  const total = paddedLength(start, dict);
  const out = new Uint8Array(total + data.byteLength);
  out.set([...MAGIC, v1 ? 1 : 2, 0]);
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, total - start, true);
  else view.setUint32(8, total - start, true);
  out.set(new TextEncoder().encode(dict.padEnd(total - start - 1, ' ') + '\n'), start);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

/** Where the data starts: the header, with its final '\n', padded to the alignment. */
function paddedLength(start: number, dict: string): number {
  return Math.ceil((start + dict.length + 1) / ALIGNMENT) * ALIGNMENT;
}

function parseHeader(header: PythonValue, fileName: string): { dtype: NdArrayDType; shape: number[]; bigEndian: boolean } {
  const { descr, fortran_order: fortranOrder, shape } = (header ?? {}) as Record<string, PythonValue>;
  if (Array.isArray(descr)) {
    throw new KerasBridgeError('UNSUPPORTED_FORMAT', `'${fileName}' holds a structured array (a record per element); only plain arrays are read. Save each field as an array of its own.`, {
      file: fileName,
    });
  }
  const dims = Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ? (shape as number[]) : undefined;
  if (typeof descr !== 'string' || typeof fortranOrder !== 'boolean' || dims === undefined) {
    throw corrupt(fileName, `its header ${JSON.stringify(header)} is not a dict of 'descr', 'fortran_order' and 'shape'`);
  }
  const [, byteOrder, kind, size] = /^([<>|=])([a-zA-Z])(\d*)$/.exec(descr) ?? [];
  if (kind === 'O') {
    throw new KerasBridgeError('UNSAFE_CONTENT', `'${fileName}' holds a NumPy object array, whose elements are pickled Python objects, which are never loaded. Save a numeric array.`, {
      file: fileName,
    });
  }
  const dtype = (Object.keys(NPY_CODES) as NdArrayDType[]).find((d) => NPY_CODES[d] === `${kind}${size}`);
  if (dtype === undefined) {
    throw new KerasBridgeError(
      'UNSUPPORTED_FORMAT',
      `'${fileName}' holds NumPy dtype '${descr}'; ${Object.keys(NPY_CODES).join(', ')} arrays are read. Convert it first, e.g. x.astype('float32').`,
      { file: fileName },
    );
  }
  if (fortranOrder) {
    throw new KerasBridgeError('UNSUPPORTED_FORMAT', `'${fileName}' is stored in Fortran (column-major) order; only C order is read. Save numpy.ascontiguousarray(x) instead.`, {
      file: fileName,
    });
  }
  return { dtype, shape: dims, bigEndian: byteOrder === '>' || (byteOrder === '=' && !LITTLE_ENDIAN) };
}

function swapBytes(bytes: Uint8Array, itemSize: number): void {
  for (let at = 0; at < bytes.length; at += itemSize) bytes.subarray(at, at + itemSize).reverse();
}

function corrupt(fileName: string, what: string): KerasBridgeError {
  return new KerasBridgeError('CORRUPT_FILE', `'${fileName}' is not a readable .npy file: ${what}. Write it again with numpy.save().`, { file: fileName });
}
