import { encodeAttribute, type AttributeValue } from '../attributes.js';
import { InitializerStore, rawBytes } from '../initializers.js';
import { NameScope } from '../names.js';
import type { AttributeProto, GraphProto, NodeProto, TensorProto, ValueInfoProto } from '../onnx-schema.js';
import { ONNX_DATA_TYPE, transposeTensor, type TensorData, type TensorDType } from '../tensor-data.js';

const ARRAY_TYPES = { float32: Float32Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array } as const satisfies Record<TensorDType, unknown>;
const DTYPE_OF_CODE = new Map(Object.keys(ARRAY_TYPES).map((d) => [ONNX_DATA_TYPE[d as TensorDType] as number, d as TensorDType]));

function tensorData(proto: TensorProto): TensorData | undefined {
  const dtype = DTYPE_OF_CODE.get(proto.data_type);
  if (!dtype) return undefined;
  const ArrayType = ARRAY_TYPES[dtype];
  // A view needs the element alignment the builder's own typed arrays always have; anything else (a
  // decoded file's bytes) is copied, through the constructor: a Node Buffer's slice() is a view.
  const raw = rawBytes(proto.raw_data);
  const bytes = raw.byteOffset % ArrayType.BYTES_PER_ELEMENT === 0 ? raw : new Uint8Array(raw);
  return { dtype, dims: proto.dims, data: new ArrayType(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / ArrayType.BYTES_PER_ELEMENT) } as TensorData;
}

/**
 * A built ONNX graph open for rewriting: who produces and who reads each value, the initializers'
 * contents, fresh names. Nodes stay in topological order as long as a rewrite puts its nodes where
 * the node it replaces stood.
 */
export class LayoutGraph {
  readonly nodes: NodeProto[];
  readonly inputs: ValueInfoProto[];
  private readonly outputNames: Set<string>;
  private readonly initializers: Map<string, TensorProto>;
  private readonly added = new InitializerStore();
  private readonly permuted = new Map<string, string>();
  private readonly names = new NameScope();
  private readonly producers = new Map<string, NodeProto>();
  private readonly removed = new WeakSet<NodeProto>();

  constructor(private readonly graph: GraphProto) {
    // Rules edit nodes in place: copies keep the caller's graph as it was.
    this.nodes = graph.node.map((n) => ({ ...n, input: [...n.input], output: [...n.output] }));
    this.inputs = [...graph.input];
    this.outputNames = new Set(graph.output.map((o) => o.name));
    this.initializers = new Map(graph.initializer.map((t) => [t.name, t]));
    // A node and its output share a name; each name is claimed once, so that none is taken to be a clash.
    const taken = new Set([...this.initializers.keys(), ...this.inputs.map((i) => i.name), ...this.nodes.flatMap((n) => [n.name, ...n.output])]);
    for (const name of taken) this.names.unique(name);
    this.nodes.forEach((n) => this.produce(n));
  }

  producer(value: string): NodeProto | undefined {
    return this.producers.get(value);
  }

  private produce(node: NodeProto): void {
    for (const output of node.output) this.producers.set(output, node);
  }

  /** The Transpose that produces `value`, with its perm. */
  transposeOf(value: string): { node: NodeProto; perm: number[] } | undefined {
    const node = this.producer(value);
    return node?.op_type === 'Transpose' ? { node, perm: [...attribute(node, 'perm')!.ints!] } : undefined;
  }

  /** An initializer's contents, or undefined for any other value (and for element types never written here). */
  constant(value: string): TensorData | undefined {
    const proto = this.initializers.get(value);
    return proto && tensorData(proto);
  }

  /** A constant's elements as numbers: axes, pads, scales. */
  numbers(value: string): number[] | undefined {
    const tensor = this.constant(value);
    return tensor && Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  }

  /** A new constant of `like`'s element type and shape, holding `values`. */
  constantLike(like: string, values: readonly number[]): string {
    const { dtype, dims } = this.constant(like)!;
    const data = dtype === 'int64' ? BigInt64Array.from(values, BigInt) : ARRAY_TYPES[dtype].from(values);
    return this.addConstant(like, { dtype, dims, data } as TensorData);
  }

  /**
   * The constant `value`, broadcast against a rank-`rank` tensor as ONNX does (leading size-1 axes
   * added), then transposed by `perm`: the operand an element-wise op needs once its other inputs
   * are read before a Transpose. Made once per constant and perm.
   */
  permutedConstant(value: string, rank: number, perm: readonly number[]): string {
    const key = `${value}\0${perm.join(',')}`;
    let name = this.permuted.get(key);
    if (!name) {
      const tensor = this.constant(value)!;
      const dims = [...Array<number>(rank - tensor.dims.length).fill(1), ...tensor.dims];
      name = this.addConstant(`${value}/${perm.join('')}`, transposeTensor({ ...tensor, dims } as TensorData, perm));
      this.permuted.set(key, name);
    }
    return name;
  }

  private addConstant(base: string, tensor: TensorData): string {
    const name = this.added.add(tensor, () => this.names.unique(base));
    this.initializers.set(name, this.added.tensors.find((t) => t.name === name)!);
    return name;
  }

  /** A node named after `base`, not yet placed in the graph; its output is `output` or a fresh name. */
  node(base: string, opType: string, input: string[], attributes: Record<string, AttributeValue>, output?: string): NodeProto {
    const name = this.names.unique(`${base}/${opType}`);
    const attribute = Object.entries(attributes).map(([key, v]) => encodeAttribute(opType, key, v));
    return { name, op_type: opType, input, output: [output ?? name], attribute };
  }

  /** A fresh value name derived from `base`. */
  freshName(base: string): string {
    return this.names.unique(base);
  }

  /** Puts `nodes` where `old` stands, which leaves the graph. */
  replace(old: NodeProto, ...nodes: NodeProto[]): void {
    this.nodes.splice(this.nodes.indexOf(old), 1, ...nodes);
    this.removed.add(old);
    for (const output of old.output) this.producers.delete(output);
    nodes.forEach((n) => this.produce(n));
  }

  /** Whether `node` is still in the graph (rather than replaced). */
  contains(node: NodeProto): boolean {
    return !this.removed.has(node);
  }

  /** Adds a node that reads graph inputs only, ahead of all others. */
  prepend(node: NodeProto): void {
    this.nodes.unshift(node);
    this.produce(node);
  }

  /** Makes every reader of `old`, a graph output included, read `value` instead; `old`'s producer must be gone. */
  redirect(old: string, value: string): void {
    if (!this.outputNames.has(old)) {
      for (const node of this.nodes) node.input = node.input.map((n) => (n === old ? value : n));
      return;
    }
    // A graph output keeps its name: the node computing `value` is renamed to produce it, or, where
    // `value` is a graph input, an initializer or another output, an Identity copies it.
    const source = this.producer(value);
    if (source && !this.outputNames.has(value)) {
      for (const node of this.nodes) {
        node.input = node.input.map((n) => (n === value ? old : n));
        node.output = node.output.map((n) => (n === value ? old : n));
      }
      this.producers.delete(value);
      this.produce(source);
    } else {
      const copy = this.node(old, 'Identity', [value], {}, old);
      this.nodes.push(copy);
      this.produce(copy);
    }
  }

  /** The graph with unread nodes and initializers dropped. */
  build(): GraphProto {
    const read = new Set(this.outputNames);
    const nodes = [...this.nodes].reverse().filter((node) => {
      const live = node.output.some((o) => read.has(o));
      if (live) node.input.forEach((i) => read.add(i));
      return live;
    });
    const initializer = [...this.initializers.values()].filter((t) => read.has(t.name));
    return { ...this.graph, node: nodes.reverse(), initializer, input: this.inputs };
  }
}

export function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name);
}

export function setAttribute(node: NodeProto, name: string, value: AttributeValue): void {
  node.attribute = [...node.attribute.filter((a) => a.name !== name), encodeAttribute(node.op_type, name, value)];
}
