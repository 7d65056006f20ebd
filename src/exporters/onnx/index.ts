import type { Functional } from '../../ir/functional.js';
import { KerasBridgeError } from '../../ir/errors.js';
import { GraphBuilder } from './graph-builder.js';
import type { LoweringEntry } from './graph.js';
import { optimizeLayout } from './layout/index.js';
import { createLoweringTable } from './lowerings/index.js';
import { lowerModel } from './lower-model.js';
import { encodeModel, writeModel } from './model-bytes.js';
import type { ModelProto } from './onnx-schema.js';
import { checkOpset, irVersion } from './opset.js';
import { checkLowerable } from './preflight.js';

export interface OnnxExportOptions {
  /** The ONNX opset to write, 13 to 21 (default 18). */
  opset?: number;
  /** A fixed batch size for the graph inputs and outputs; by default the batch dimension is the symbol `batch`. */
  batch?: number;
  /** Lowerings for custom layer classes (or to replace built-in ones), keyed by their `className`. */
  lowerings?: readonly LoweringEntry[];
  /**
   * Declares image inputs channels-first (NCHW for 2-D images) for callers whose data is in that order,
   * which removes the Transpose that would bring them to ONNX's convolution layout: the named inputs,
   * or for `true` every input of rank 3 or more where that leaves fewer Transposes (the image inputs;
   * a sequence read by a Dense or recurrent layer stays as Keras declares it).
   */
  inputsAsNchw?: boolean | readonly string[];
  /**
   * Whether to push the Transposes around channels-first ops through the layout-agnostic ones and
   * cancel them (default true); false keeps every lowering's own pair, as a reference to compare with.
   */
  optimizeLayout?: boolean;
}

/** The model as an ONNX `ModelProto`, its transposed kernels still to be made (see model-bytes.ts). */
export function buildModelProto(model: Functional, options: OnnxExportOptions = {}): ModelProto {
  const opset = checkOpset(options.opset ?? 18);
  const { batch } = options;
  if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `The batch size must be a positive integer, but got ${JSON.stringify(batch)}. Leave it out for a symbolic batch dimension.`);
  }
  const table = createLoweringTable(undefined, options.lowerings);
  checkLowerable(model, table, opset);
  const graph = new GraphBuilder(opset, model.savedBy?.kerasMajor ?? 3, batch);
  lowerModel(model, graph, table);
  const kerasVersion = model.savedBy?.kerasVersion;
  return {
    ir_version: irVersion(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: 'kerasbridge',
    graph: optimizeLayout(graph.build(model.name), { optimize: options.optimizeLayout ?? true, inputsAsNchw: options.inputsAsNchw ?? false }),
    metadata_props: kerasVersion ? [{ key: 'keras_version', value: kerasVersion }] : [],
  };
}

/** The model as ONNX `ModelProto` bytes, computing what Keras' `predict()` computes. */
export function toOnnx(model: Functional, options: OnnxExportOptions = {}): Uint8Array {
  return encodeModel(buildModelProto(model, options));
}

/**
 * The bytes `toOnnx()` returns, handed to `write` in order, in chunks of about a MiB or one weight; a
 * chunk may be reused once `write` returns or the promise it returns resolves. Resolves to the byte count.
 * For large models: the bytes never exist whole, and kernels are transposed one at a time as they are written.
 *
 *   const file = await fs.open('model.onnx', 'w');
 *   await writeOnnx(model, (chunk) => file.write(chunk));
 */
export function writeOnnx(model: Functional, write: (chunk: Uint8Array) => unknown, options: OnnxExportOptions = {}): Promise<number> {
  return writeModel(buildModelProto(model, options), write);
}

export type { LayerCall, Lowering, LoweringEntry, NotYetLowered, OnnxGraph, ReduceOp, Value } from './graph.js';
export type { Attributes, AttributeValue } from './attributes.js';
export { BUILTIN_LOWERINGS, createLoweringTable } from './lowerings/index.js';
