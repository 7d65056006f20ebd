// Which tensors carry a Keras mask, found before lowering by running each layer's mask rule with a
// mask standing for "present": the preflight needs to know which calls receive one.
import { ConfiguredLayer } from '../../ir/define-layer.js';
import { Functional } from '../../ir/functional.js';
import type { Layer } from '../../ir/layer.js';
import type { MaskOps } from '../../ir/masks.js';
import type { Node } from '../../ir/node.js';
import { isOperation } from '../../ir/operation.js';
import { SymbolicTensor, collectTensors, type LayerOutput } from '../../ir/tensor.js';
import type { Lowering } from './graph.js';
import { callsInOrder } from './graph-walk.js';

/** Keras' `compute_mask` of a call: the masks of its outputs. Operations, and layers that do not support masking, drop them. */
export function outputMasks<M>(layer: Layer<LayerOutput>, masks: readonly (M | undefined)[], ops: MaskOps<M>): readonly (M | undefined)[] {
  return layer instanceof ConfiguredLayer ? (layer.definition.computeMask?.(layer.config, masks, ops) ?? []) : [];
}

/** A call's masks as Keras sees them (layer.py `__call__`, steps 6 and 8). */
export interface CallMasks<M> {
  /** What `compute_mask` gets: the call's `mask` argument if given, else its inputs' masks. */
  readonly previous: readonly (M | undefined)[];
  /** What `call` gets, per input; undefined when it gets none. */
  readonly given?: readonly (M | undefined)[];
}

/**
 * The masks of a call whose inputs carry `inputMasks`. A `mask` argument wins: Keras 3 files record
 * the mask Keras attached as one, computed by operations of their own. Otherwise `call` gets the
 * inputs' masks, unless another keyword argument holds a tensor (`initial_state`): with more than one
 * tensor argument Keras passes none, so an RNN given its initial states ignores the mask.
 */
export function callMasks<M>(node: Node, inputMasks: readonly (M | undefined)[], maskOf: (t: SymbolicTensor) => M): CallMasks<M> {
  const { mask, ...others } = node.kwargs;
  if (mask !== undefined && mask !== null) {
    const explicit = (Array.isArray(mask) ? mask : [mask]).map((m) => (m instanceof SymbolicTensor ? maskOf(m) : undefined));
    return { previous: explicit, given: explicit };
  }
  const none = inputMasks.every((m) => m === undefined) || collectTensors(others).length > 0;
  return { previous: inputMasks, ...(!none && { given: inputMasks }) };
}

/** Why a call cannot be lowered when it hands a mask to a layer whose Keras `call` reads it and whose lowering does not apply it. */
export function maskUnapplied(layer: Layer<LayerOutput>, lowering: Lowering, masked: readonly boolean[] | undefined): string | undefined {
  const reads = layer instanceof ConfiguredLayer && layer.definition.readsMask;
  if (!masked?.some(Boolean) || !reads || lowering.appliesMasks) return undefined;
  return 'it receives a Keras mask (from a Masking layer or an Embedding with mask_zero=True before it), which Keras applies here and its ONNX lowering does not';
}

export interface MaskFlow {
  /** Per layer call that a mask reaches: which of its inputs hand one to `call`, over every call of a nested model. */
  readonly received: ReadonlyMap<Node, readonly boolean[]>;
  /** Calls whose output masks cannot be computed, and why. */
  readonly refused: ReadonlyMap<Node, string>;
}

/** Follows masks through `model` (nested models inlined per call), its inputs masked as `inputMasks` says. */
export function maskFlow(model: Functional, kerasMajor: 1 | 2 | 3, inputMasks: readonly boolean[] = []): MaskFlow {
  const received = new Map<Node, boolean[]>();
  const refused = new Map<Node, string>();
  const walk = (m: Functional, masked: readonly boolean[]): boolean[] => {
    const present = new Set<SymbolicTensor>(m.inputs.filter((_, i) => masked[i]));
    for (const node of callsInOrder(m)) {
      const layer = node.layer;
      if (isOperation(layer)) continue;
      const masks = callMasks(node, node.inputTensors.map((t) => (present.has(t) || undefined)), () => true as const);
      let outputs: readonly (true | undefined)[];
      // A nested model's inputs carry the masks its call gets; its layers pass them on.
      if (layer instanceof Functional) outputs = walk(layer, (masks.given ?? []).map(Boolean)).map((p) => p || undefined);
      else {
        if (masks.given) received.set(node, masks.given.map((g, i) => g === true || (received.get(node)?.[i] ?? false)));
        outputs = outputMasks(layer, masks.previous, presence(kerasMajor, (reason) => refused.set(node, reason)));
      }
      node.outputTensors.forEach((t, k) => outputs[k] && present.add(t));
    }
    return m.outputs.map((t) => present.has(t));
  };
  walk(model, inputMasks);
  return { received, refused };
}

function presence(kerasMajor: 1 | 2 | 3, refuse: (reason: string) => void): MaskOps<true> {
  return {
    kerasMajor,
    differs: () => true,
    or: () => true,
    concatenate: () => true,
    unsupported(reason) {
      refuse(reason);
      return undefined;
    },
  };
}
