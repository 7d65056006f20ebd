import { KerasBridgeError } from '../../ir/errors.js';
import { Functional } from '../../ir/functional.js';
import { InputLayer } from '../../ir/input-layer.js';
import type { Layer } from '../../ir/layer.js';
import type { OpArg } from '../../ir/op-args.js';
import { OperationLayer } from '../../ir/operation.js';
import { SequentialModel } from '../../ir/sequential.js';
import type { Shape } from '../../ir/shape.js';
import { isSymbolicTensor, type LayerOutput, type SymbolicTensor } from '../../ir/tensor.js';
import { layerFromConfig, readDType, type ConfigContext } from './layer-from-config.js';
import { isTensorRef, readTensorRefs, refsOf, type CallData, type TensorRef } from './node-data.js';
import { savedCalls } from './operation-from-config.js';
import { tfOpLayerAsLambda } from './tf-op-layer.js';
import { savedClassName, type SavedLayerEntry } from './saved-config.js';

type AnyLayer = Layer<LayerOutput>;

function corrupt(message: string, context: ConfigContext): KerasBridgeError {
  return new KerasBridgeError('CORRUPT_FILE', `${message}${context.file ? ` (in ${context.file})` : ''}`, { file: context.file });
}

function inputLayerFromConfig(config: Record<string, unknown>): InputLayer {
  // Keras 3 writes `batch_shape`, Keras 1/2 `batch_input_shape`; Keras 1 spells the dtype `input_dtype`.
  const batchShape = (config.batch_shape ?? config.batch_input_shape) as Shape | undefined;
  return InputLayer.create({
    batch_shape: batchShape ?? [null],
    dtype: readDType(config.dtype ?? config.input_dtype) ?? 'float32',
    name: typeof config.name === 'string' ? config.name : undefined,
    sparse: config.sparse === true,
  });
}

function layerOrInput(entry: SavedLayerEntry, context: ConfigContext): AnyLayer {
  return savedClassName(entry) === 'InputLayer'
    ? inputLayerFromConfig(entry.config as Record<string, unknown>)
    : layerFromConfig(entry, context);
}

/**
 * The node index a saved reference means in the rebuilt layer. Keras 1/2 models carried a node of
 * their own (index 0) before any call, so references to a nested model count from 1; Keras 3 kept
 * that offset only in `output_layers` of nested functional models (see Keras' functional.py).
 */
function nodeOffset(layer: AnyLayer, purpose: 'call' | 'io', context: ConfigContext): number {
  if (!(layer instanceof Functional)) return 0;
  if (context.kerasMajor < 3) return 1;
  return purpose === 'io' && layer.className === 'Functional' ? 1 : 0;
}

/** A functional config: layers created first, then their calls replayed as their inputs become ready. */
function functionalFromConfig(config: Record<string, unknown>, context: ConfigContext): Functional {
  const entries = config.layers as SavedLayerEntry[] | undefined;
  if (!Array.isArray(entries)) throw corrupt('The model config has no "layers" list', context);
  const created = new Map<string, AnyLayer>();
  const pending = new Map<AnyLayer, CallData[]>();
  for (const saved of entries) {
    const entry = tfOpLayerAsLambda(saved, context.file);
    const layer = layerOrInput(entry, context);
    const savedName = (entry.name ?? (entry.config as { name?: string }).name ?? layer.name) as string;
    if (created.has(savedName)) throw corrupt(`The model config lists two layers named '${savedName}'`, context);
    created.set(savedName, layer);
    pending.set(layer, savedCalls(entry, layer, savedName));
  }

  /** The tensor a reference points to, or undefined while its node is not rebuilt yet. */
  const resolve = (ref: TensorRef, purpose: 'call' | 'io'): SymbolicTensor | undefined => {
    const layer = created.get(ref.layer);
    if (!layer) throw corrupt(`A node refers to layer '${ref.layer}', which the model config does not define`, context);
    const index = layer instanceof InputLayer ? 0 : ref.nodeIndex - nodeOffset(layer, purpose, context);
    const node = layer.inboundNodes[index];
    if (!node) return undefined;
    const tensor = node.outputTensors[ref.tensorIndex];
    if (!tensor) throw corrupt(`A node refers to output ${ref.tensorIndex} of layer '${ref.layer}', which has ${node.outputTensors.length}`, context);
    return tensor;
  };
  const substitute = (value: unknown): unknown => {
    if (isTensorRef(value)) return resolve(value, 'call');
    if (Array.isArray(value)) return value.map(substitute);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
    return value;
  };

  while ([...pending.values()].some((calls) => calls.length > 0)) {
    let progressed = false;
    for (const [layer, calls] of pending) {
      while (calls.length > 0 && refsOf(calls[0]).every((r) => resolve(r, 'call') !== undefined)) {
        const call = calls.shift()!;
        const [inputs, ...extra] = substitute(call.args) as unknown[];
        const kwargs = substitute(call.kwargs) as Record<string, unknown>;
        // Operations take several positional arguments (`x + 2.0` is Add with args [x, 2.0]); layers one input structure.
        if (layer instanceof OperationLayer) layer.callWith([inputs, ...extra] as OpArg[], kwargs);
        else if (extra.length > 0) throw corrupt(`Layer '${layer.name}' is called with ${extra.length + 1} positional arguments; only one input structure is supported`, context);
        else layer.invoke(inputs as SymbolicTensor | SymbolicTensor[], kwargs);
        progressed = true;
      }
    }
    if (!progressed) {
      const stuck = [...pending].filter(([, calls]) => calls.length > 0).map(([layer]) => `'${layer.name}'`);
      throw corrupt(
        `The model config's graph has a cycle or refers to nodes that do not exist: the calls of layer(s) ${stuck.join(', ')} ` +
          'never get all their inputs. The file is damaged or was edited by hand',
        context,
      );
    }
  }

  const tensors = (value: unknown, what: string): SymbolicTensor | SymbolicTensor[] => {
    const refs = readTensorRefs(value, what);
    const one = (r: TensorRef) => {
      const t = resolve(r, 'io');
      if (!isSymbolicTensor(t)) throw corrupt(`The model's ${what} refer to node ${r.nodeIndex} of layer '${r.layer}', which does not exist`, context);
      return t;
    };
    if (!Array.isArray(refs)) return one(refs);
    const list = refs.map(one);
    // Keras 1/2 always wrote lists; a single tensor there meant a single-output model.
    return context.kerasMajor < 3 && list.length === 1 ? list[0]! : list;
  };
  return Functional.create({
    inputs: tensors(config.input_layers, 'input_layers'),
    outputs: tensors(config.output_layers, 'output_layers'),
    name: typeof config.name === 'string' ? config.name : undefined,
    trainable: typeof config.trainable === 'boolean' ? config.trainable : undefined,
  });
}

/** A Sequential config: Keras 1 and early Keras 2 wrote a bare list of layers, later ones `{ name, layers }`. */
function sequentialFromConfig(config: Record<string, unknown> | SavedLayerEntry[], context: ConfigContext): SequentialModel {
  const entries = Array.isArray(config) ? config : (config.layers as SavedLayerEntry[] | undefined);
  if (!Array.isArray(entries)) throw corrupt('The Sequential config has no "layers" list', context);
  const options = Array.isArray(config) ? {} : { name: typeof config.name === 'string' ? config.name : undefined, trainable: typeof config.trainable === 'boolean' ? config.trainable : undefined };
  const items: (AnyLayer | SymbolicTensor)[] = entries.map((entry) => {
    const layer = layerOrInput(entry, context);
    return layer instanceof InputLayer ? layer.output : layer;
  });
  const buildShape = Array.isArray(config) ? undefined : (config.build_input_shape as Shape | undefined);
  const first = items[0];
  if (buildShape && first && !isSymbolicTensor(first) && !first.batchInputShape) {
    items.unshift(InputLayer.create({ batch_shape: buildShape, dtype: first.dtype }).output);
  }
  return SequentialModel.createSequential(items, options);
}

/** Rebuilds a saved model (functional or sequential, nested ones included) as IR. */
export function modelFromConfig(entry: SavedLayerEntry, context: Omit<ConfigContext, 'buildModel'>): Functional {
  const withModels: ConfigContext = { ...context, buildModel: modelFromConfig };
  const className = savedClassName(entry);
  if (className === 'Sequential' || Array.isArray(entry.config)) return sequentialFromConfig(entry.config, withModels);
  return functionalFromConfig(entry.config as Record<string, unknown>, withModels);
}
