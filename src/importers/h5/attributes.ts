import { KerasBridgeError } from '../../ir/errors.js';
import { withHeapBuffer, type H5Handle } from './h5wasm-module.js';

/**
 * A decoded attribute: a scalar for a rank-0 attribute, a flat row-major array otherwise. Strings are UTF-8 whatever
 * the stored character set; integers (int64 included) are numbers; a zero-length attribute of any
 * type is `[]` (Keras writes a weightless layer's `weight_names` as an empty float64 array).
 */
export type AttrValue = string | number | string[] | number[];

const utf8 = new TextDecoder('utf-8');

/** HDF5 string padding (H5T_str_t): NULLTERM 0, NULLPAD 1, SPACEPAD 2. */
const SPACEPAD = 2;

export function readAttribute(h5: H5Handle, objectPath: string, name: string): AttrValue {
  const { module } = h5;
  const meta = module.get_attribute_metadata(h5.fileId, objectPath, name);
  if (meta.shape === null || meta.total_size === 0) return [];
  const nbytes = meta.size * meta.total_size;
  const values = withHeapBuffer(h5, nbytes, (ptr): string[] | number[] => {
    module.get_attribute_data(h5.fileId, objectPath, name, BigInt(ptr));
    if (meta.type === module.H5T_class_t.H5T_STRING.value && meta.vlen) {
      const strings = readVlenStrings(module.HEAPU8, ptr, meta.total_size);
      module.reclaim_vlen_memory(h5.fileId, objectPath, name, BigInt(ptr));
      return strings;
    }
    const bytes = module.HEAPU8.slice(ptr, ptr + nbytes);
    if (meta.type === module.H5T_class_t.H5T_STRING.value) return splitFixedStrings(bytes, meta.size, meta.strpad === SPACEPAD);
    if (meta.type === module.H5T_class_t.H5T_INTEGER.value && [1, 2, 4, 8].includes(meta.size)) return readIntegers(bytes, meta.size, meta.signed);
    if (meta.type === module.H5T_class_t.H5T_FLOAT.value && (meta.size === 4 || meta.size === 8)) return readFloats(bytes, meta.size);
    throw new KerasBridgeError(
      'UNSUPPORTED_FORMAT',
      `Attribute '${name}' of '${objectPath}' in '${h5.fileName}' has HDF5 type class ${meta.type} of ${meta.size} bytes; kerasbridge reads the string and numeric attributes Keras writes.`,
      { file: h5.fileName, path: objectPath },
    );
  });
  return meta.shape.length === 0 ? values[0] : values;
}

/**
 * Reads a list attribute the way Keras does: `name` itself, else the chunks `name0`, `name1`, ...
 * that Keras writes when the list exceeds HDF5's 64 KiB object-header limit; `[]` when neither exists.
 */
export function readListAttribute(h5: H5Handle, objectPath: string, name: string): string[] {
  // Read outright: listing every layer's attribute names first costs a tenth of a large model's import.
  let failure: unknown;
  try {
    return asStrings(h5, objectPath, name);
  } catch (error) {
    if (error instanceof KerasBridgeError) throw error;
    failure = error;
  }
  const names = h5.module.get_attribute_names(h5.fileId, objectPath);
  if (names.includes(name)) throw failure;
  const list: string[] = [];
  for (let chunk = 0; names.includes(`${name}${chunk}`); chunk++) list.push(...asStrings(h5, objectPath, `${name}${chunk}`));
  return list;
}

function asStrings(h5: H5Handle, objectPath: string, name: string): string[] {
  const value = readAttribute(h5, objectPath, name);
  const list = Array.isArray(value) ? value : [value];
  if (list.some((v) => typeof v !== 'string')) {
    throw new KerasBridgeError('CORRUPT_FILE', `Attribute '${name}' of '${objectPath}' in '${h5.fileName}' should list names but holds numbers. The file was not written by Keras or is damaged.`, {
      file: h5.fileName,
      path: objectPath,
    });
  }
  return list as string[];
}

/** Variable-length strings arrive as 32-bit pointers to NUL-terminated bytes in the wasm heap. */
function readVlenStrings(heap: Uint8Array, ptr: number, count: number): string[] {
  const pointers = new Uint32Array(heap.buffer, ptr, count);
  return Array.from(pointers, (p) => (p === 0 ? '' : utf8.decode(heap.subarray(p, heap.indexOf(0, p)))));
}

function splitFixedStrings(bytes: Uint8Array, size: number, spacePadded: boolean): string[] {
  const strings: string[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    let end = start + size;
    while (end > start && (bytes[end - 1] === 0 || (spacePadded && bytes[end - 1] === 0x20))) end--;
    strings.push(utf8.decode(bytes.subarray(start, end)));
  }
  return strings;
}

function readIntegers(bytes: Uint8Array, size: number, signed: boolean): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (at: number): number => {
    if (size === 1) return signed ? view.getInt8(at) : view.getUint8(at);
    if (size === 2) return signed ? view.getInt16(at, true) : view.getUint16(at, true);
    if (size === 4) return signed ? view.getInt32(at, true) : view.getUint32(at, true);
    return Number(signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true));
  };
  return Array.from({ length: bytes.length / size }, (_, i) => read(i * size));
}

function readFloats(bytes: Uint8Array, size: 4 | 8): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / size }, (_, i) => (size === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true)));
}
