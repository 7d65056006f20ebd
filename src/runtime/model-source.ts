import { KerasBridgeError } from '../ir/errors.js';
import type { Functional } from '../ir/functional.js';
import { importModel, type LoadOptions } from '../importers/load.js';
import { isNode, nodeFs } from '../importers/node-files.js';
import { toOnnx, type OnnxExportOptions } from '../exporters/onnx/index.js';

/** A model to open: a Functional model, or an `.onnx` or any Keras file, by path (Node) or bytes; told by content. */
export type ModelSource = Functional | Uint8Array | string;

export interface ModelSourceOptions extends Pick<OnnxExportOptions, 'opset' | 'batch'>, Pick<LoadOptions, 'weights' | 'customLayers'> {
  /** The name errors use for bytes. */
  fileName?: string;
}

/** The model as ONNX bytes, converting a Keras model in memory; `warnings` are the importer's. */
export async function onnxModelOf(source: ModelSource, options: ModelSourceOptions = {}): Promise<{ bytes: Uint8Array; fileName: string; warnings: string[] }> {
  const exportOptions = { opset: options.opset, batch: options.batch };
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) return { bytes: toOnnx(source, exportOptions), fileName: `model '${source.name}'`, warnings: [] };
  const fileName = options.fileName ?? (typeof source === 'string' ? source : 'model bytes');
  const onnx = typeof source === 'string' ? await readIfOnnx(source) : looksLikeOnnx(source) ? source : undefined;
  if (onnx === undefined) {
    // Weights go from the file into the ONNX bytes without being held beside them first.
    const imported = await importModel(source, { weights: options.weights, customLayers: options.customLayers, fileName, lazyWeights: true });
    try {
      return { bytes: toOnnx(imported.model, exportOptions), fileName, warnings: imported.warnings };
    } finally {
      imported.close();
    }
  }
  const given = (['opset', 'batch', 'weights'] as const).filter((key) => options[key] !== undefined);
  if (given.length > 0) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Options opset, batch and weights apply when converting a Keras model, and '${fileName}' is ONNX already: leave out ${given.join(', ')}.`, {
      file: fileName,
    });
  }
  return { bytes: onnx, fileName, warnings: [] };
}

/**
 * Protobuf writers emit fields in number order, so an ONNX `ModelProto` starts with field 1 (`ir_version`, a
 * varint: tag byte 0x08). No Keras format starts with it: HDF5 starts with 0x89, a zip with 'P', JSON with '{'.
 */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x08;
}

/** The file's bytes when it is ONNX; undefined otherwise, leaving a missing file or a directory to the importer's errors. */
async function readIfOnnx(path: string): Promise<Uint8Array | undefined> {
  if (!isNode()) return undefined;
  const fs = await nodeFs();
  const handle = await fs.open(path, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const head = new Uint8Array(1);
    const { bytesRead } = await handle.read(head, 0, 1, 0).catch(() => ({ bytesRead: 0 }));
    return bytesRead === 1 && looksLikeOnnx(head) ? new Uint8Array(await fs.readFile(path)) : undefined;
  } finally {
    await handle.close();
  }
}
