// Every call is checked before any is lowered, so that one error lists everything standing in the way
// (what tf2onnx and keras2c report up front), rather than the first layer that fails.
import { KerasBridgeError } from '../../ir/errors.js';
import { Functional } from '../../ir/functional.js';
import type { Layer } from '../../ir/layer.js';
import type { Node } from '../../ir/node.js';
import { isOperation } from '../../ir/operation.js';
import { collectTensors, type LayerOutput } from '../../ir/tensor.js';
import { isLowering, type LoweringEntry } from './graph.js';
import { callsInOrder, layerCall } from './graph-walk.js';
import { maskFlow, maskUnapplied, type MaskFlow } from './mask-flow.js';
import { operationUnsupported } from './ops/index.js';

export type LoweringTable = ReadonlyMap<string, LoweringEntry>;

interface Finding {
  readonly layer: Layer<LayerOutput>;
  readonly reason: string;
  /** For a call that needs a higher opset: which. */
  readonly opset?: number;
  calls: number;
}

function unsupportedReason(node: Node, table: LoweringTable, masks: MaskFlow): string | undefined {
  const layer = node.layer;
  if (isOperation(layer)) return operationUnsupported(node);
  const entry = table.get(layer.className);
  if (!entry) return `no ONNX lowering is registered for class '${layer.className}'`;
  if (!isLowering(entry)) return `not lowered yet: ${entry.notYet}`;
  const lowered = new Set(entry.tensorKwargs);
  // A `mask` argument is Keras' own mask, followed with the others.
  const keywords = Object.keys(node.kwargs).filter((key) => key !== 'mask' && !lowered.has(key) && collectTensors(node.kwargs[key]).length > 0);
  if (keywords.length > 0) return `called with tensor keyword arguments (${keywords.join(', ')}), which are not lowered yet`;
  const refused = masks.refused.get(node);
  if (refused) return refused;
  const masked = masks.received.get(node);
  return maskUnapplied(layer, entry, masked) ?? entry.unsupported?.(layerCall(node, masked));
}

function opsetShortfall(node: Node, table: LoweringTable, opset: number): Omit<Finding, 'layer' | 'calls'> | undefined {
  // Every operation lowering is written in the opset floor.
  if (isOperation(node.layer)) return undefined;
  const entry = table.get(node.layer.className)!;
  const needed = isLowering(entry) && entry.minOpset ? entry.minOpset(layerCall(node)) : opset;
  return needed > opset ? { reason: `needs opset ${needed}`, opset: needed } : undefined;
}

function collect(model: Functional, check: (node: Node) => Omit<Finding, 'layer' | 'calls'> | undefined): Finding[] {
  const findings = new Map<Layer<LayerOutput>, Finding>();
  const seen = new Set<Functional>();
  const visit = (m: Functional): void => {
    if (seen.has(m)) return;
    seen.add(m);
    for (const node of callsInOrder(m)) {
      if (node.layer instanceof Functional) visit(node.layer);
      else {
        const found = check(node);
        const finding = findings.get(node.layer);
        if (found && finding) finding.calls++;
        else if (found) findings.set(node.layer, { layer: node.layer, ...found, calls: 1 });
      }
    }
  };
  visit(model);
  return [...findings.values()];
}

function describe(findings: Finding[]): string {
  return findings
    .map((f) => `'${f.layer.name}' (${f.layer.className}, ${f.calls} call${f.calls === 1 ? '' : 's'}): ${f.reason}`)
    .join('; ');
}

/** How masks enter a graph checked on its own: a model wrapped by TimeDistributed gets its wrapper's. */
export interface MaskContext {
  readonly kerasMajor: 1 | 2 | 3;
  /** Which of the model's inputs carry a mask. */
  readonly inputs: readonly boolean[];
}

/** Throws one error naming every layer that cannot be lowered, or that needs a higher opset than `opset`. */
export function checkLowerable(model: Functional, table: LoweringTable, opset: number, masks?: MaskContext): void {
  const flow = maskFlow(model, masks?.kerasMajor ?? model.savedBy?.kerasMajor ?? 3, masks?.inputs);
  const unsupported = collect(model, (node) => {
    const reason = unsupportedReason(node, table, flow);
    return reason === undefined ? undefined : { reason };
  });
  if (unsupported.length > 0) {
    throw new KerasBridgeError(
      'UNSUPPORTED_LAYER',
      `Model "${model.name}" cannot be exported to ONNX: ${unsupported.length} layer${unsupported.length === 1 ? '' : 's'} cannot be lowered: ` +
        `${describe(unsupported)}. Replace these layers, or pass lowerings for their classes in toOnnx(model, { lowerings }).`,
      { layer: unsupported[0]!.layer.name },
    );
  }
  const tooNew = collect(model, (node) => opsetShortfall(node, table, opset));
  if (tooNew.length > 0) {
    const highest = Math.max(...tooNew.map((f) => f.opset!));
    throw new KerasBridgeError(
      'OPSET_TOO_LOW',
      `Model "${model.name}" cannot be written in ONNX opset ${opset}: ${describe(tooNew)}. Export with { opset: ${highest} } or higher.`,
      { layer: tooNew[0]!.layer.name },
    );
  }
}
