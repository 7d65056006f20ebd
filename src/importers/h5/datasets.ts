import { KerasBridgeError } from '../../ir/errors.js';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-floats.js';
import { withHeapBuffer, type H5Handle } from './h5wasm-module.js';

/** A dataset's dtype as stored; `bool` is h5py's FALSE/TRUE enum, `bfloat16` a 2-byte HDF5 OPAQUE type. */
export type H5DType =
  | 'float16'
  | 'bfloat16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool';

/**
 * How each dtype arrives in JS. Halves widen to Float32Array (JS has no float16 array in Node 20);
 * float64 stays Float64Array so no value changes silently; 64-bit integers stay exact as BigInt arrays;
 * the rest keep their own width.
 */
const ARRAY_TYPES = {
  float16: Float32Array,
  bfloat16: Float32Array,
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
} satisfies Record<H5DType, new (buffer: ArrayBuffer) => H5Data>;

export type H5Data =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface H5DatasetInfo {
  /** Row-major; `[]` for a scalar. */
  shape: number[];
  dtype: H5DType;
  /** Bytes the file declares for the values (element size times count), before halves widen to float32. */
  byteLength: number;
}

export interface H5Dataset extends H5DatasetInfo {
  /** Row-major values, `product(shape)` of them. */
  data: H5Data;
}

export interface DatasetLimits {
  fileSize: number;
  maxDatasetBytes: number;
}

export function datasetInfo(h5: H5Handle, path: string): H5DatasetInfo {
  const meta = h5.module.get_dataset_metadata(h5.fileId, path);
  if (meta.shape === null) throw unsupported(h5, path, 'has a null dataspace (no shape)');
  return { shape: meta.shape, dtype: dtypeOf(h5, path, meta), byteLength: meta.size * meta.total_size };
}

/**
 * A dataset's shape and type after checking its declared size: a forged shape could otherwise make
 * libhdf5 allocate gigabytes, or hand back fill values for data the file never held.
 */
export function checkedDatasetInfo(h5: H5Handle, path: string, limits: DatasetLimits): H5DatasetInfo {
  const info = datasetInfo(h5, path);
  if (info.byteLength > limits.fileSize && h5.module.get_dataset_filters(h5.fileId, path).length === 0) {
    throw new KerasBridgeError(
      'CORRUPT_FILE',
      `Dataset '${path}' in '${h5.fileName}' declares shape [${info.shape}] (${info.byteLength} bytes of ${info.dtype}), but the whole file has ${limits.fileSize} bytes. The file is damaged or forged.`,
      { file: h5.fileName, path },
    );
  }
  if (info.byteLength > limits.maxDatasetBytes) {
    throw new KerasBridgeError(
      'UNSAFE_CONTENT',
      `Dataset '${path}' in '${h5.fileName}' declares shape [${info.shape}] (${info.byteLength} bytes of ${info.dtype}), over the ${limits.maxDatasetBytes}-byte limit. Raise maxDatasetBytes in openH5() if you trust the file.`,
      { file: h5.fileName, path },
    );
  }
  return info;
}

/** Reads a whole dataset whose `info` came from `checkedDatasetInfo`. */
export function readDataset(h5: H5Handle, path: string, info: H5DatasetInfo): H5Dataset {
  if (info.byteLength === 0) return { ...info, data: new ARRAY_TYPES[info.dtype](0) };
  const bytes = withDatasetBytes(h5, path, info, (view) => view.slice());
  return { ...info, data: decode(info.dtype, bytes.buffer) };
}

/**
 * Hands a dataset's bytes as stored (little-endian) to `use` while they are in the WebAssembly heap,
 * where libhdf5 reads them: a caller that copies them elsewhere anyway saves making an array of them.
 */
export function withDatasetBytes<T>(h5: H5Handle, path: string, info: H5DatasetInfo, use: (bytes: Uint8Array) => T): T {
  if (info.byteLength === 0) return use(new Uint8Array(0));
  return withHeapBuffer(h5, info.byteLength, (ptr) => {
    h5.module.get_dataset_data(h5.fileId, path, null, null, null, BigInt(ptr));
    return use(h5.module.HEAPU8.subarray(ptr, ptr + info.byteLength));
  });
}

/** Hands the bytes of the block of `counts` elements from `offsets` (a hyperslab) to `use`, valid during the call. */
function withHyperslab<T>(h5: H5Handle, path: string, info: H5DatasetInfo, counts: number[], offsets: number[], use: (bytes: Uint8Array) => T): T {
  const elementBytes = info.byteLength / info.shape.reduce((a, b) => a * b, 1);
  const nbytes = counts.reduce((a, b) => a * b, elementBytes);
  return withHeapBuffer(h5, nbytes, (ptr) => {
    const big = (values: number[]) => values.map((v) => BigInt(v));
    h5.module.get_dataset_data(h5.fileId, path, big(counts), big(offsets), big(counts.map(() => 1)), BigInt(ptr));
    return use(h5.module.HEAPU8.subarray(ptr, ptr + nbytes));
  });
}

/** Up to `count` of a dataset's first bytes, from its first row along the last axis (a hyperslab), not the whole of it. */
export function readLeadingBytes(h5: H5Handle, path: string, info: H5DatasetInfo, count: number): Uint8Array {
  const { shape, byteLength } = info;
  const last = shape.at(-1);
  if (last === undefined || byteLength === 0) return withDatasetBytes(h5, path, info, (bytes) => bytes.slice(0, count));
  const elementBytes = byteLength / shape.reduce((a, b) => a * b, 1);
  const elements = Math.max(1, Math.min(last, Math.ceil(count / elementBytes)));
  const counts = shape.map((_, i) => (i === shape.length - 1 ? elements : 1));
  return withHyperslab(h5, path, info, counts, shape.map(() => 0), (bytes) => bytes.slice(0, count));
}

/** Bytes per index of a dataset's first axis: what `readByteRange` reads in; the whole dataset for a scalar. */
export function rowBytes(info: H5DatasetInfo): number {
  return info.shape.length === 0 || info.shape[0] === 0 ? info.byteLength : info.byteLength / info.shape[0]!;
}

/**
 * Copies bytes [offset, offset + target.length) of a dataset as stored into `target`, reading only the
 * rows along its first axis that hold them: a large weight is then written a slice at a time.
 */
export function readByteRange(h5: H5Handle, path: string, info: H5DatasetInfo, offset: number, target: Uint8Array): void {
  const row = rowBytes(info);
  if (info.shape.length === 0 || row === info.byteLength) {
    withDatasetBytes(h5, path, info, (bytes) => target.set(bytes.subarray(offset, offset + target.length)));
    return;
  }
  const first = Math.floor(offset / row);
  const end = Math.ceil((offset + target.length) / row);
  const counts = info.shape.map((d, i) => (i === 0 ? end - first : d));
  const offsets = info.shape.map((_, i) => (i === 0 ? first : 0));
  withHyperslab(h5, path, info, counts, offsets, (bytes) => target.set(bytes.subarray(offset - first * row, offset - first * row + target.length)));
}

/** `buffer` holds little-endian values (h5wasm converts big-endian data on read). */
function decode(dtype: H5DType, buffer: ArrayBuffer): H5Data {
  if (dtype === 'float16') return float16ToFloat32(new Uint16Array(buffer));
  if (dtype === 'bfloat16') return bfloat16ToFloat32(new Uint16Array(buffer));
  return new ARRAY_TYPES[dtype](buffer);
}

type Metadata = ReturnType<H5Handle['module']['get_dataset_metadata']>;

function dtypeOf(h5: H5Handle, path: string, meta: Metadata): H5DType {
  const classes = h5.module.H5T_class_t;
  const bits = meta.size * 8;
  if (meta.type === classes.H5T_FLOAT.value && (bits === 16 || bits === 32 || bits === 64)) return `float${bits}`;
  if (meta.type === classes.H5T_INTEGER.value && (bits === 8 || bits === 16 || bits === 32 || bits === 64)) {
    return `${meta.signed ? 'int' : 'uint'}${bits}`;
  }
  // Keras 3 writes bfloat16 variables as 2-byte opaque data; legacy H5 files carry no other marker.
  if (meta.type === classes.H5T_OPAQUE.value && meta.size === 2) return 'bfloat16';
  if (meta.type === classes.H5T_ENUM.value && meta.size === 1 && isBoolEnum(meta.enum_type?.members)) return 'bool';
  throw unsupported(h5, path, `has HDF5 type class ${meta.type} of ${meta.size} bytes`);
}

function isBoolEnum(members: Record<string, number> | undefined): boolean {
  return members !== undefined && Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

function unsupported(h5: H5Handle, path: string, what: string): KerasBridgeError {
  return new KerasBridgeError(
    'UNSUPPORTED_FORMAT',
    `Dataset '${path}' in '${h5.fileName}' ${what}; kerasbridge reads float16/bfloat16/float32/float64, integer and bool datasets.`,
    { file: h5.fileName, path },
  );
}
