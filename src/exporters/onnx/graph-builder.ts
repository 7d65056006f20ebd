import type { DType, Shape } from '../../ir/shape.js';
import type { Weight } from '../../ir/weight.js';
import { encodeAttribute, type Attributes } from './attributes.js';
import type { OnnxGraph, ReduceOp, Value } from './graph.js';
import { InitializerStore } from './initializers.js';
import { NameScope } from './names.js';
import type { GraphProto, NodeProto, ValueInfoProto } from './onnx-schema.js';
import { ONNX_DATA_TYPE, float32Tensor, int64Tensor, weightSource, type TensorData, type TensorSource, type TransposedTensor } from './tensor-data.js';

/** A graph input or output: its name and Keras' spec; `batch` fixes a dimension Keras leaves free. */
export interface GraphIO {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
}

function valueInfo(io: GraphIO, batch: number | undefined): ValueInfoProto {
  const dim = io.shape.map((d, i) => (d !== null ? { dim_value: d } : i === 0 ? (batch ? { dim_value: batch } : { dim_param: 'batch' }) : {}));
  return { name: io.name, type: { tensor_type: { elem_type: ONNX_DATA_TYPE[io.dtype], shape: { dim } } } };
}

/** Builds one ONNX graph: unique names, nodes in order, initializers stored once, layer variables shared. */
export class GraphBuilder implements OnnxGraph {
  private readonly names = new NameScope();
  private readonly nodes: NodeProto[] = [];
  private readonly initializers = new InitializerStore();
  private readonly weights = new Map<Weight, Value>();
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly renamed = new Map<string, string>();
  private scope = '';
  private layerName = '';

  constructor(
    readonly opset: number,
    readonly kerasMajor: 1 | 2 | 3,
    private readonly batch?: number,
  ) {}

  /** Claims a graph input or output name before lowering, so that no node output takes it. */
  reserve(name: string): string {
    return this.names.unique(name);
  }

  addInput(io: GraphIO): Value {
    this.inputs.push(valueInfo(io, this.batch));
    return io.name as Value;
  }

  /** Names what the layer call about to be lowered adds; `scope` is unique per call of a nested model. */
  enterLayer(scope: string, layerName: string): void {
    this.scope = scope;
    this.layerName = layerName;
  }

  /**
   * Makes `value` the graph output `io.name`: the producing node's output is renamed, or, for a graph
   * input, an initializer or a value already output under another name, an Identity is added.
   */
  addOutput(io: GraphIO, value: Value): void {
    const source = this.renamed.get(value) ?? value;
    if (!this.renamed.has(value) && this.nodes.some((n) => n.output.includes(value))) {
      for (const node of this.nodes) {
        node.input = node.input.map((n) => (n === value ? io.name : n));
        node.output = node.output.map((n) => (n === value ? io.name : n));
      }
      this.renamed.set(value, io.name);
    } else {
      this.nodes.push({ name: io.name, op_type: 'Identity', input: [source], output: [io.name], attribute: [] });
    }
    this.outputs.push(valueInfo(io, this.batch));
  }

  build(name: string): GraphProto {
    return { name, node: this.nodes, initializer: this.initializers.tensors, input: this.inputs, output: this.outputs };
  }

  op(type: string, inputs: readonly (Value | undefined)[], attributes?: Attributes): Value;
  op(type: string, inputs: readonly (Value | undefined)[], attributes: Attributes | undefined, outputCount: number): Value[];
  op(type: string, inputs: readonly (Value | undefined)[], attributes: Attributes = {}, outputCount?: number): Value | Value[] {
    const name = this.names.unique(`${this.scope}/${type}`);
    const output = outputCount === undefined ? [name] : Array.from({ length: outputCount }, (_, k) => this.names.unique(`${name}:${k}`));
    const input = inputs.map((v) => v ?? '');
    while (input[input.length - 1] === '') input.pop();
    const attribute = Object.entries(attributes).flatMap(([key, v]) => (v === undefined ? [] : [encodeAttribute(type, key, v)]));
    this.nodes.push({ name, op_type: type, input, output, attribute });
    return outputCount === undefined ? (name as Value) : ([...output] as Value[]);
  }

  initializer(name: string, tensor: TensorSource | TransposedTensor): Value {
    return this.initializers.add(tensor, () => this.names.unique(name)) as Value;
  }

  constant(tensor: TensorData): Value {
    return this.initializer(`${this.scope}/const`, tensor);
  }

  weight(weight: Weight): Value {
    let value = this.weights.get(weight);
    if (!value) {
      value = this.initializer(weight.path, weightSource(weight, this.layerName));
      this.weights.set(weight, value);
    }
    return value;
  }

  scalar(value: number): Value {
    return this.constant(float32Tensor([value], []));
  }

  int64s(values: readonly number[]): Value {
    return this.constant(int64Tensor(values));
  }

  reduce(type: ReduceOp, x: Value, axes: readonly number[], keepdims: boolean): Value {
    const axesAsInput = this.opset >= (type === 'ReduceSum' ? 13 : 18);
    return axesAsInput
      ? this.op(type, [x, this.int64s(axes)], { keepdims: Number(keepdims) })
      : this.op(type, [x], { axes, keepdims: Number(keepdims) });
  }

  unsqueeze(x: Value, axes: readonly number[]): Value {
    return this.op('Unsqueeze', [x, this.int64s(axes)]);
  }
}
