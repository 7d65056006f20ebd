import { KerasBridgeError } from '../../ir/errors.js';
import { ELLIPSIS, slice } from '../../ir/op-args.js';
import type { SavedNodeData } from './saved-config.js';

/** A reference to a saved tensor: which call (node) of which layer, which of its outputs. */
export interface TensorRef {
  readonly kind: 'tensor-ref';
  readonly layer: string;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

/** A layer call as the importer replays it: positional arguments and kwargs, with tensor refs inside. */
export interface CallData {
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
}

const ref = (layer: string, nodeIndex: number, tensorIndex: number): TensorRef => ({ kind: 'tensor-ref', layer, nodeIndex, tensorIndex });

export function isTensorRef(value: unknown): value is TensorRef {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'tensor-ref';
}

function isRefTriple(value: unknown): value is [string, number, number, ...unknown[]] {
  return Array.isArray(value) && value.length >= 3 && value.length <= 4 && typeof value[0] === 'string' &&
    Number.isInteger(value[1]) && Number.isInteger(value[2]);
}

/** Keras 3 serialises a symbolic tensor argument as `{ class_name: '__keras_tensor__', config: { keras_history } }`. */
function reviveKeras3(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveKeras3);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (object.class_name === '__keras_tensor__') {
    const history = (object.config as { keras_history?: unknown } | undefined)?.keras_history;
    if (!isRefTriple(history)) throw new KerasBridgeError('CORRUPT_FILE', `A saved tensor argument has no valid keras_history: ${JSON.stringify(object).slice(0, 200)}.`);
    return ref(history[0], history[1], history[2]);
  }
  if (object.class_name === '__tuple__' && Array.isArray((object.config as { value?: unknown })?.value)) {
    return reviveKeras3((object.config as { value: unknown[] }).value);
  }
  if (object.class_name === '__slice__') {
    const { start = null, stop = null, step = null } = (object.config ?? {}) as Partial<Record<'start' | 'stop' | 'step', number | null>>;
    return slice(start, stop, step);
  }
  if (object.class_name === '__ellipsis__') return ELLIPSIS;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, reviveKeras3(v)]));
}

/** Keras 2 kwargs hold tensors as bare `[name, node, tensor]` triples (tf.keras 2.4+); only under known keys. */
const KERAS2_TENSOR_KWARGS = new Set(['initial_state', 'constants', 'mask', 'y', 'value', 'key', 'query']);

const reviveTriples = (v: unknown): unknown => (isRefTriple(v) ? ref(v[0], v[1], v[2]) : Array.isArray(v) ? v.map(reviveTriples) : v);

function reviveKeras2Kwargs(kwargs: Record<string, unknown>, anyKey: boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, anyKey || KERAS2_TENSOR_KWARGS.has(k) ? reviveTriples(v) : v]));
}

/** Keras 2 writes a constant element of a call's first argument as `['_CONSTANT_VALUE', -1, value, kwargs]`. */
const CONSTANT_VALUE = '_CONSTANT_VALUE';

function isRecord(value: unknown): value is [string, number, unknown, ...unknown[]] {
  return Array.isArray(value) && value[0] === CONSTANT_VALUE ? value.length >= 3 && value.length <= 4 : isRefTriple(value);
}

export interface NodeDataOptions {
  /**
   * tf.keras op layers (`TFOpLambda`, `SlicingOpLambda`) keep the first argument's own structure (a
   * lone record is one tensor, a list of one stays a list) and may pass tensors under any keyword.
   */
  readonly opLambda?: boolean;
}

/**
 * The one place that knows the on-disk `inbound_nodes` formats:
 * Keras 1 `[[name, node, tensor]]`, Keras 2 `[[name, node, tensor, kwargs]]`, Keras 3 `{ args, kwargs }`.
 * The Keras 1/2 list is one input per entry, called as a single tensor when there is one.
 */
export function readNodeData(data: SavedNodeData, layerName: string, options: NodeDataOptions = {}): CallData {
  if (Array.isArray(data)) {
    const records: unknown[][] = [];
    const structure = (value: unknown): unknown => {
      if (isRecord(value)) {
        records.push(value);
        return value[0] === CONSTANT_VALUE ? value[2] : ref(value[0], value[1], value[2] as number);
      }
      if (options.opLambda && Array.isArray(value)) return value.map(structure);
      throw new KerasBridgeError('CORRUPT_FILE', `Layer '${layerName}' has an inbound node that is not a list of [layer, node, tensor] references: ${JSON.stringify(data).slice(0, 200)}.`, { layer: layerName });
    };
    const first = options.opLambda && typeof data[0] === 'string' ? structure(data) : (data as unknown[]).map(structure);
    const kwargs = records[0]?.length === 4 ? reviveKeras2Kwargs(records[0][3] as Record<string, unknown>, options.opLambda === true) : {};
    const unnested = !options.opLambda && Array.isArray(first) && first.length === 1 ? first[0] : first;
    return { args: [unnested], kwargs };
  }
  if (data === null || typeof data !== 'object') {
    throw new KerasBridgeError('CORRUPT_FILE', `Layer '${layerName}' has an unreadable inbound node: ${JSON.stringify(data)}.`, { layer: layerName });
  }
  return { args: (reviveKeras3(data.args ?? []) as unknown[]), kwargs: reviveKeras3(data.kwargs ?? {}) as Record<string, unknown> };
}

/** Every tensor ref inside a call, in order. */
export function refsOf(value: unknown, into: TensorRef[] = []): TensorRef[] {
  if (isTensorRef(value)) into.push(value);
  else if (Array.isArray(value)) for (const v of value) refsOf(v, into);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) refsOf(v, into);
  return into;
}

/** `input_layers` / `output_layers`: one ref or a (possibly nested) list of them. */
export function readTensorRefs(value: unknown, what: string): TensorRef | TensorRef[] {
  if (isRefTriple(value)) return ref(value[0], value[1], value[2]);
  if (Array.isArray(value)) return value.map((v) => readTensorRefs(v, what) as TensorRef);
  throw new KerasBridgeError('CORRUPT_FILE', `The model config's ${what} is not a list of [layer, node, tensor] references: ${JSON.stringify(value).slice(0, 200)}.`);
}
