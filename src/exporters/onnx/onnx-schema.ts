// The ONNX messages as TypeScript types, and their decoding by protobufjs, which tests use to read exports
// back; encoding is in protobuf-writer.ts and model-bytes.ts.
import type { ATTRIBUTE_TYPE } from './onnx-descriptor.js';
import { messageType } from './protobuf-writer.js';

export interface OperatorSetIdProto {
  domain: string;
  version: number;
}

export interface StringStringEntryProto {
  key: string;
  value: string;
}

/** Bytes made only as they are written (a kernel transposed into the output), so that they never exist whole beside their source. */
export interface DeferredBytes {
  readonly byteLength: number;
  /** Writes the bytes into `target`, which is `byteLength` long. */
  writeInto(target: Uint8Array): void;
  /** Where the bytes can be made a part at a time (a weight in its file, untransposed): writes [offset, offset + target.length). */
  writeRange?(offset: number, target: Uint8Array): void;
}

export interface TensorProto {
  name: string;
  dims: readonly number[];
  /** A `TensorProto.DataType` code. */
  data_type: number;
  /** Little-endian element bytes; deferred in a graph being exported, never in a decoded one. */
  raw_data: Uint8Array | DeferredBytes;
}

export interface AttributeProto {
  name: string;
  type: (typeof ATTRIBUTE_TYPE)[keyof typeof ATTRIBUTE_TYPE];
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: readonly number[];
  ints?: readonly number[];
  strings?: readonly Uint8Array[];
}

export interface NodeProto {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
}

/** One dimension: a size, a symbolic name (`batch`), or unknown when both are absent. */
export interface DimensionProto {
  dim_value?: number;
  dim_param?: string;
}

export interface ValueInfoProto {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimensionProto[] } } };
}

export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
}

export interface ModelProto {
  ir_version: number;
  opset_import: OperatorSetIdProto[];
  producer_name: string;
  graph: GraphProto;
  metadata_props: StringStringEntryProto[];
}

/** Reads `.onnx` bytes back into plain objects (int64s as numbers, bytes as Uint8Array). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const modelType = messageType('ModelProto');
  return modelType.toObject(modelType.decode(bytes), { longs: Number, arrays: true, defaults: false }) as ModelProto;
}
