// A ModelProto's bytes as a list of pieces in file order: encoded messages, and each initializer's raw data
// as it is held, a weight's own bytes or a transposition made only when written. The weights, most of
// a model's bytes, then go to the output as they are, and a file can be written tensor by tensor
// (https://protobuf.dev/programming-guides/encoding/: a message is its fields in any order, each
// length-delimited field a key, a varint length and the bytes; fields are written by number, which
// splitting around one field keeps, so the bytes are those of one whole encoding).
import type { DeferredBytes, GraphProto, ModelProto, TensorProto } from './onnx-schema.js';
import { encodeFields, fieldHeader, fieldNumber, type OnnxMessage } from './protobuf-writer.js';

type Piece = Uint8Array | DeferredBytes;

const byteLength = (pieces: readonly Piece[]) => pieces.reduce((sum, p) => sum + p.byteLength, 0);

/**
 * `message`'s encoding with the length-delimited `field` given as pieces (one list per value of a
 * repeated field): the fields numbered below it, then each value's key and length and pieces, then the rest.
 */
function withField(type: OnnxMessage, message: object, field: string, values: readonly Piece[][]): Piece[] {
  const number = fieldNumber(type, field);
  const entries = Object.entries(message).filter(([name]) => name !== field);
  const below = entries.filter(([name]) => fieldNumber(type, name) < number);
  const above = entries.filter(([name]) => fieldNumber(type, name) > number);
  return [
    encodeFields(type, Object.fromEntries(below)),
    ...values.flatMap((pieces) => [fieldHeader(type, field, byteLength(pieces)), ...pieces]),
    encodeFields(type, Object.fromEntries(above)),
  ];
}

const tensorPieces = (tensor: TensorProto): Piece[] => withField('TensorProto', tensor, 'raw_data', [[tensor.raw_data]]);

const graphPieces = (graph: GraphProto): Piece[] => withField('GraphProto', graph, 'initializer', graph.initializer.map(tensorPieces));

const modelPieces = (model: ModelProto): Piece[] => withField('ModelProto', model, 'graph', [graphPieces(model.graph)]);

/** The `.onnx` bytes of a model, in one buffer of their exact size. */
export function encodeModel(model: ModelProto): Uint8Array {
  const pieces = modelPieces(model);
  const bytes = new Uint8Array(byteLength(pieces));
  let offset = 0;
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) bytes.set(piece, offset);
    else piece.writeInto(bytes.subarray(offset, offset + piece.byteLength));
    offset += piece.byteLength;
  }
  return bytes;
}

/** Chunks smaller than this are gathered before they are handed on: a write call per small message would cost more than the copy. */
const CHUNK_BYTES = 2 ** 20;

/** A weight that can be made a part at a time (`writeRange`) and is larger than this goes out in parts this large. */
const PART_BYTES = 8 * 2 ** 20;

/**
 * Hands a model's `.onnx` bytes to `write` in order, in chunks of about a MiB or one initializer, and
 * returns how many there were. One call at a time: a chunk may be reused once its call returns or its
 * promise resolves. While a write is pending the next chunk is made (a file written on another core
 * while the next kernels are transposed), so memory beyond the model's weights is two chunks, each up
 * to the largest transposed initializer; a weight still in its file and not transposed is made a part
 * at a time.
 */
export async function writeModel(model: ModelProto, write: (chunk: Uint8Array) => unknown): Promise<number> {
  const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
  let current = 0;
  let used = 0;
  let written = 0;
  let pending: Promise<void> = Promise.resolve();
  /** Starts writing `chunk` once the write before it is done. */
  const send = async (chunk: Uint8Array) => {
    await pending;
    pending = Promise.resolve(write(chunk)).then(() => undefined);
    // Seen as handled now, so that a failure is not a crash while the next chunk is being made; the next send or the end throws it.
    pending.catch(() => undefined);
    written += chunk.byteLength;
  };
  const flush = async () => {
    await send(buffers[current]!.subarray(0, used));
    current = 1 - current;
    used = 0;
  };
  for (const piece of modelPieces(model)) {
    // A weight's own bytes go out as they are. Deferred ones are made at the start of a buffer, where
    // they are aligned for transposing word by word.
    const direct = piece instanceof Uint8Array && piece.byteLength >= CHUNK_BYTES;
    if (used > 0 && (direct || !(piece instanceof Uint8Array) || used + piece.byteLength > buffers[current]!.length)) await flush();
    if (direct) {
      await send(piece);
      continue;
    }
    if (!(piece instanceof Uint8Array) && piece.writeRange && piece.byteLength > PART_BYTES) {
      for (let offset = 0; offset < piece.byteLength; offset += PART_BYTES) {
        used = Math.min(PART_BYTES, piece.byteLength - offset);
        if (used > buffers[current]!.length) buffers[current] = new Uint8Array(PART_BYTES);
        piece.writeRange(offset, buffers[current]!.subarray(0, used));
        await flush();
      }
      continue;
    }
    if (piece.byteLength > buffers[current]!.length) buffers[current] = new Uint8Array(piece.byteLength);
    const target = buffers[current]!.subarray(used, used + piece.byteLength);
    if (piece instanceof Uint8Array) target.set(piece);
    else piece.writeInto(target);
    used += piece.byteLength;
  }
  if (used > 0) await flush();
  await pending;
  return written;
}
