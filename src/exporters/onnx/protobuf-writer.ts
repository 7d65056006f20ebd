// The ONNX messages as protobufjs types of the project's descriptor, and their encoding. Conversions encode a
// model in pieces (model-bytes.ts) so that weights go to the output as they are held: these are the
// messages' other fields, and the key and length that open each field given as pieces.
import protobuf from 'protobufjs/light.js';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

/** The messages encoded here. */
export type OnnxMessage = 'ModelProto' | 'GraphProto' | 'TensorProto';

const LENGTH_DELIMITED = 2;

const root = protobuf.Root.fromJSON(ONNX_DESCRIPTOR);
const types = new Map<OnnxMessage, protobuf.Type>();

/** The protobufjs type of `message`, read from the descriptor once for encoding and decoding alike. */
export function messageType(message: OnnxMessage): protobuf.Type {
  let type = types.get(message);
  if (!type) types.set(message, (type = root.lookupType(`onnx.${message}`)));
  return type;
}

/** The field number of `field` in `message`. */
export function fieldNumber(message: OnnxMessage, field: string): number {
  return messageType(message).fields[field]!.id;
}

/** The key and length that start the length-delimited `field` of `message` when it holds `length` bytes. */
export function fieldHeader(message: OnnxMessage, field: string, length: number): Uint8Array {
  return protobuf.Writer.create().uint32((fieldNumber(message, field) << 3) | LENGTH_DELIMITED).uint32(length).finish();
}

/** The encoding of the fields of `message` given in `fields` (of plain values, as the types in onnx-schema.ts hold them). */
export function encodeFields(message: OnnxMessage, fields: Readonly<Record<string, unknown>>): Uint8Array {
  return messageType(message).encode(fields).finish();
}
