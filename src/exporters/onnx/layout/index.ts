// Keras tensors are channels-last and ONNX's convolutions and pooling channels-first, so the lowerings
// wrap each such op in a pair of Transposes. This pass moves them down through the ops that do not
// care about the layout, where they cancel against the next pair, until an image model keeps one per
// image input and one per image output. Transposes stop at ops whose meaning depends on the order of
// axes: MatMul, Reshape (Flatten keeps Keras' order), the channels-first ops themselves.
import type { GraphProto, NodeProto } from '../onnx-schema.js';
import { FOLD_CONSTANT_TRANSPOSE } from './fold-constant-transpose.js';
import { FOLD_TRANSPOSE_INTO_RESHAPE } from './fold-transpose-into-reshape.js';
import { checkInputNames, imageInputCandidates, reorderInput } from './inputs-as-nchw.js';
import { LayoutGraph } from './layout-graph.js';
import { MERGE_TRANSPOSES } from './merge-transposes.js';
import { PUSH_AXIS_OP } from './push-axis-op.js';
import { PUSH_ELEMENTWISE } from './push-elementwise.js';
import { PUSH_PAD } from './push-pad.js';
import { PUSH_REDUCE } from './push-reduce.js';
import { PUSH_RESIZE } from './push-resize.js';
import { PUSH_SLICE } from './push-slice.js';
import type { LayoutRule } from './rule.js';

export const LAYOUT_RULES: readonly LayoutRule[] = [
  FOLD_CONSTANT_TRANSPOSE, MERGE_TRANSPOSES, FOLD_TRANSPOSE_INTO_RESHAPE, PUSH_ELEMENTWISE, PUSH_AXIS_OP, PUSH_REDUCE, PUSH_PAD, PUSH_RESIZE, PUSH_SLICE,
];

export interface LayoutOptions {
  /** Run the rules; without them only the inputs named by `inputsAsNchw` change. */
  readonly optimize: boolean;
  /** Graph inputs to declare channels-first: the listed ones, or for `true` those for which that saves a Transpose. */
  readonly inputsAsNchw: boolean | readonly string[];
}

/** Applies the first rule that fits each node, sweeping in graph order until none fits any. */
function rewriteToFixpoint(g: LayoutGraph, rules: readonly LayoutRule[]): void {
  const rulesOf = (node: NodeProto) => rules.filter((rule) => rule.pattern.includes(node.op_type));
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of [...g.nodes]) {
      if (!g.contains(node)) continue;
      for (const rule of rulesOf(node)) {
        const match = rule.check(g, node);
        if (match === undefined) continue;
        rule.rewrite(g, node, match);
        changed = true;
        break;
      }
    }
  }
}

interface InputLayouts {
  /** Inputs the caller feeds channels-first. */
  readonly declared: readonly string[];
  /**
   * Inputs fed channels-last but read channels-first from the start: their Transpose is pushed down
   * from the input like any other, and one channels-first Transpose then stands right at the input
   * (rather than after a first Pad, or once per branch), where it can cancel what is left.
   */
  readonly hoisted: readonly string[];
}

function rewrite(graph: GraphProto, { declared, hoisted }: InputLayouts): GraphProto {
  const g = new LayoutGraph(graph);
  for (const name of [...declared, ...hoisted]) reorderInput(g, name, 'channels_first');
  rewriteToFixpoint(g, LAYOUT_RULES);
  for (const name of hoisted) reorderInput(g, name, 'channels_last');
  // Pushing the input's Transpose down again would undo the hoisting: only let it cancel.
  rewriteToFixpoint(g, [MERGE_TRANSPOSES]);
  return g.build();
}

const transposes = (graph: GraphProto) => graph.node.filter((n) => n.op_type === 'Transpose').length;

/**
 * The graph with its Transposes pushed down and cancelled. Each input of rank 3 or more is tried read
 * channels-first from the start (declared so where `inputsAsNchw` is `true`), and kept so when that
 * leaves no more Transposes than before: an image input is, a sequence read by a recurrent layer is not.
 */
export function optimizeLayout(graph: GraphProto, { optimize, inputsAsNchw }: LayoutOptions): GraphProto {
  const listed = Array.isArray(inputsAsNchw) ? inputsAsNchw : [];
  checkInputNames(graph, listed);
  if (!optimize) {
    const g = new LayoutGraph(graph);
    const declared = inputsAsNchw === true ? imageInputCandidates(graph) : listed;
    for (const name of declared) reorderInput(g, name, 'channels_first');
    return g.build();
  }
  const layouts = { declared: [...listed], hoisted: [] as string[] };
  let best = rewrite(graph, layouts);
  for (const name of imageInputCandidates(graph).filter((n) => !listed.includes(n))) {
    const trial = inputsAsNchw === true ? { ...layouts, declared: [...layouts.declared, name] } : { ...layouts, hoisted: [...layouts.hoisted, name] };
    const result = rewrite(graph, trial);
    if (transposes(result) <= transposes(best)) [best, layouts.declared, layouts.hoisted] = [result, trial.declared, trial.hoisted];
  }
  return best;
}
