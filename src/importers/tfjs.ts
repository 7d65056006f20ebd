import type { WeightArray } from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import { Functional } from '../ir/functional.js';
import type { Layer } from '../ir/layer.js';
import type { LayerOutput } from '../ir/tensor.js';
import { float16ToFloat32 } from './h5/half-floats.js';
import { modelFromSavedConfig, type ModelConfigOptions } from './config/index.js';
import { kerasMajor } from './keras-version.js';
import { assignLayerWeights, weightedLayers } from './weights/assign.js';

/** One entry of a TF.js `weightsManifest` group. */
interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'float16' | string;
  /** Quantized storage: `value = q * scale + min`, or plain float16 halves. */
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
  /** `optimizer` for the optimizer state TF.js saves beside the model's weights. */
  group?: string;
}

export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: unknown;
  weightsManifest?: { paths: string[]; weights: ManifestWeight[] }[];
}

function storedBytes(weight: ManifestWeight, count: number): number {
  const q = weight.quantization?.dtype;
  if (q === 'uint8') return count;
  if (q === 'uint16' || q === 'float16') return 2 * count;
  return weight.dtype === 'bool' ? count : 4 * count;
}

/** Decodes one weight from its group's bytes, dequantizing as TF.js does. */
function decodeWeight(weight: ManifestWeight, bytes: Uint8Array, offset: number, file: string): WeightArray {
  const count = weight.shape.reduce((a, b) => a * b, 1);
  const length = storedBytes(weight, count);
  if (offset + length > bytes.length) {
    throw new KerasBridgeError('CORRUPT_FILE', `Weight '${weight.name}' of ${file} needs bytes ${offset}..${offset + length} but its shards hold ${bytes.length}. A .bin shard is missing or truncated.`, { file });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  const q = weight.quantization;
  let data: Float32Array | Int32Array | Uint8Array;
  if (q?.dtype === 'float16') data = float16ToFloat32(Uint16Array.from({ length: count }, (_, i) => view.getUint16(2 * i, true)));
  else if (q) {
    const read = q.dtype === 'uint8' ? (i: number) => view.getUint8(i) : (i: number) => view.getUint16(2 * i, true);
    data = Float32Array.from({ length: count }, (_, i) => read(i) * (q.scale ?? 1) + (q.min ?? 0));
  } else if (weight.dtype === 'int32') data = Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true));
  else if (weight.dtype === 'bool') data = Uint8Array.from({ length: count }, (_, i) => view.getUint8(i));
  else data = Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
  return { name: weight.name, shape: weight.shape, data };
}

/** TF.js names a weight `<layer>/<variable>`; a layer's arrays are those under its name, in manifest order. */
function assignByName(layers: readonly Layer<LayerOutput>[], arrays: WeightArray[], options: { kerasMajor: 1 | 2 | 3; file: string }): void {
  for (const layer of weightedLayers(layers)) {
    if (layer instanceof Functional) {
      assignByName(layer.layers, arrays, options);
      continue;
    }
    const own = arrays.filter((a) => a.name.startsWith(`${layer.name}/`));
    assignLayerWeights(layer, own, options);
  }
}

/** The model a TF.js `modelTopology` describes: a Keras config, wrapped in `{ keras_version, model_config }` by the converter. */
export function tfjsModelFromJson(json: TfjsModelJson, options: Pick<ModelConfigOptions, 'customLayers'> & { file: string }): { model: Functional; kerasMajor: 1 | 2 | 3 } {
  const topology = json.modelTopology as { model_config?: unknown; keras_version?: string; backend?: string } | undefined;
  if (!topology || typeof topology !== 'object') {
    throw new KerasBridgeError('CORRUPT_FILE', `${options.file} has no modelTopology: it is not a TF.js layers model.`, { file: options.file });
  }
  const major = kerasMajor(topology.keras_version ?? 'tfjs');
  const model = modelFromSavedConfig(topology.model_config ?? topology, { kerasMajor: major, backend: topology.backend, file: options.file, customLayers: options.customLayers });
  return { model, kerasMajor: major };
}

/** Reads the arrays `weightsManifest` lists from the `.bin` shards, and puts them into the model's variables. */
export async function loadTfjsWeights(
  model: Functional,
  json: TfjsModelJson,
  readShard: (path: string) => Promise<Uint8Array>,
  options: { file: string; kerasMajor: 1 | 2 | 3 },
): Promise<void> {
  const arrays: WeightArray[] = [];
  for (const group of json.weightsManifest ?? []) {
    const shards = await Promise.all(group.paths.map(readShard));
    const bytes = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
    shards.reduce((offset, shard) => (bytes.set(shard, offset), offset + shard.length), 0);
    let offset = 0;
    for (const weight of group.weights) {
      const array = decodeWeight(weight, bytes, offset, options.file);
      offset += storedBytes(weight, array.data.length);
      if (weight.group !== 'optimizer') arrays.push(array);
    }
  }
  assignByName(model.layers, arrays, options);
}
