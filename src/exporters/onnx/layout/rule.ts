import type { AttributeValue } from '../attributes.js';
import type { NodeProto } from '../onnx-schema.js';
import { setAttribute, type LayoutGraph } from './layout-graph.js';
import { invertPerm, isIdentity } from './perm.js';

/**
 * One rewrite of the layout pass, in the shape of tf2onnx's transpose optimizer handlers: the op types
 * it looks at, a check that says whether a node qualifies (and what the rewrite needs), the rewrite.
 */
export interface LayoutRule<M = unknown> {
  readonly pattern: readonly string[];
  check(g: LayoutGraph, node: NodeProto): M | undefined;
  rewrite(g: LayoutGraph, node: NodeProto, match: M): void;
}

const nonEmpty = (node: NodeProto) => node.input.flatMap((v, i) => (v === '' ? [] : [i]));
const size = (dims: readonly number[]) => dims.reduce((n, d) => n * d, 1);

/**
 * The perm of the Transposes producing `node`'s inputs at `positions`, when at least one does and every
 * other one comes out of a Transpose with that same perm or is a constant of no higher rank; undefined
 * otherwise. Any other input stops the push: its rank is unknown, so no Transpose could be undone on it.
 */
export function sharedPerm(g: LayoutGraph, node: NodeProto, positions: readonly number[] = nonEmpty(node)): number[] | undefined {
  let perm: number[] | undefined;
  for (const i of positions) {
    const transpose = g.transposeOf(node.input[i]!);
    if (transpose) {
      if (perm && transpose.perm.join() !== perm.join()) return undefined;
      perm = transpose.perm;
    } else if (!g.constant(node.input[i]!)) return undefined;
  }
  const rank = perm?.length ?? 0;
  return perm && positions.every((i) => (g.constant(node.input[i]!)?.dims.length ?? 0) <= rank) ? perm : undefined;
}

/**
 * `node`'s inputs as they were before the Transposes `sharedPerm` found: a Transpose's input, or a
 * constant transposed back (a constant of one element broadcasts the same either way and is kept).
 */
export function readBefore(g: LayoutGraph, node: NodeProto, perm: readonly number[], positions: readonly number[] = nonEmpty(node)): string[] {
  return node.input.map((value, i) => {
    if (!positions.includes(i)) return value;
    const transpose = g.transposeOf(value);
    if (transpose) return transpose.node.input[0]!;
    const { dims } = g.constant(value)!;
    return size(dims) === 1 ? value : g.permutedConstant(value, perm.length, invertPerm(perm));
  });
}

/**
 * Replaces the single-output `node` by the same op on `inputs` (with `attributes` changed), followed by
 * a Transpose by `perm` that gives the node's output as before: the Transpose has moved past the node.
 */
export function pushPast(g: LayoutGraph, node: NodeProto, inputs: string[], perm: readonly number[], attributes: Record<string, AttributeValue> = {}): void {
  const output = node.output[0]!;
  const moved: NodeProto = { ...node, input: inputs, output: [isIdentity(perm) ? output : g.freshName(node.name)] };
  for (const [name, value] of Object.entries(attributes)) setAttribute(moved, name, value);
  g.replace(node, moved, ...(isIdentity(perm) ? [] : [g.node(node.name, 'Transpose', moved.output, { perm }, output)]));
}
