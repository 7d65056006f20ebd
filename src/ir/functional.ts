import { normalizeCompileArgs, type CompileArgs, type CompileConfig } from './compile.js';
import { KerasBridgeError } from './errors.js';
import { mapGraph, type GraphMap } from './graph.js';
import { Layer } from './layer.js';
import { autoName } from './naming.js';
import { isOperation } from './operation.js';
import type { Node } from './node.js';
import { formatShape } from './shape.js';
import { formatSummary, type SummaryOptions } from './summary.js';
import { isSymbolicTensor, type LayerInput, type LayerOutput, type SymbolicTensor, type TensorSpec } from './tensor.js';
import { countWeights, type Weight } from './weight.js';

export interface ModelArgs<O extends LayerOutput> {
  inputs: LayerInput;
  outputs: O;
  name?: string;
  trainable?: boolean;
}

function asTensorList(value: LayerInput, what: string, modelName: string): SymbolicTensor[] {
  const list = Array.isArray(value) ? [...value] : [value];
  list.forEach((t, i) => {
    if (!isSymbolicTensor(t)) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Model "${modelName}": ${what} ${i} is not a symbolic tensor. Pass tensors returned by Input() or by layer calls.`,
      );
    }
  });
  return list as SymbolicTensor[];
}

/**
 * A functional model: a graph of layer calls from `inputs` to `outputs`. It is itself a layer, so it
 * can be called on new tensors (a node on the outer graph, its weights shared).
 */
export class Functional<O extends LayerOutput = LayerOutput> extends Layer<O> {
  get className(): string {
    return 'Functional';
  }
  declare inputs: SymbolicTensor[];
  declare outputs: SymbolicTensor[];
  protected declare graph: GraphMap;
  private outputsStructureIsList = false;
  compileConfig?: CompileConfig;
  /**
   * The Keras that wrote the file this model was imported from. Some names kept their spelling but
   * not their formula across versions (`hard_sigmoid` is clip(0.2x + 0.5) before Keras 3 and in TF.js,
   * relu6(x + 3) / 6 in Keras 3), so exporters read the version here.
   */
  savedBy?: { format: string; kerasVersion?: string; kerasMajor: 1 | 2 | 3 };

  static create<O extends LayerOutput>(args: ModelArgs<O>): Functional<O> {
    const model = new Functional<O>();
    model.initGraph(args, () => autoName('Functional'));
    return model;
  }

  protected initGraph(args: ModelArgs<LayerOutput>, defaultName: () => string): void {
    this.applyBaseOptions({ name: args.name, trainable: args.trainable }, defaultName);
    this.inputs = asTensorList(args.inputs, 'input', this.name);
    this.outputs = asTensorList(args.outputs, 'output', this.name);
    this.outputsStructureIsList = Array.isArray(args.outputs);
    this.graph = mapGraph(this.inputs, this.outputs, this.name);
    this.built = true;
  }

  /** The layers of the graph, inputs first, in Keras' order; operations (`x + y`, `x[:, 1:]`) are not layers. */
  get layers(): Layer<LayerOutput>[] {
    return this.graph.operations.filter((op) => !isOperation(op));
  }

  /** Layers and operations, in Keras' order (`model.operations`): what `summary()` lists. */
  get operations(): Layer<LayerOutput>[] {
    return [...this.graph.operations];
  }

  /** Names of the layers producing the outputs: the keys of per-output compile arguments. */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.history.layer.name);
  }

  get inputNames(): string[] {
    return this.inputs.map((t) => t.history.layer.name);
  }

  get nodesByDepth(): ReadonlyMap<number, readonly Node[]> {
    return this.graph.nodesByDepth;
  }

  /** Whether a node belongs to this model's own graph (and not to another model sharing the layer). */
  ownsNode(node: Node): boolean {
    return this.graph.nodes.has(node);
  }

  getLayer(name: string): Layer<LayerOutput> {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `No such layer: ${name}. Existing layers are: ${this.layers.map((l) => l.name).join(', ')}.`,
      );
    }
    return layer;
  }

  override get weights(): Weight[] {
    return [...new Set(this.layers.flatMap((l) => l.weights))];
  }

  override get trainableWeights(): Weight[] {
    return this.trainable ? [...new Set(this.layers.flatMap((l) => l.trainableWeights))] : [];
  }

  override get nonTrainableWeights(): Weight[] {
    const all = this.weights;
    const trainable = new Set(this.trainableWeights);
    return all.filter((w) => !trainable.has(w));
  }

  override countParams(): number {
    return countWeights(this.weights);
  }

  /** A model's `input` is its own input structure, whatever outer graphs it was called in. */
  override get input(): LayerInput {
    return this.inputs.length === 1 ? this.inputs[0]! : this.inputs;
  }

  override get output(): O {
    return (this.outputsStructureIsList ? this.outputs : this.outputs[0]) as O;
  }

  protected override outputsAsList(): boolean {
    return this.outputsStructureIsList;
  }

  /** Checks a call's inputs against the model's: same count, same rank, equal known dims. */
  override buildFor(inputs: TensorSpec[]): void {
    if (inputs.length !== this.inputs.length) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Model "${this.name}" expects ${this.inputs.length} input(s) but it was called on ${inputs.length}.`,
        { layer: this.name },
      );
    }
    inputs.forEach((spec, i) => {
      const expected = this.inputs[i]!.shape;
      const fits = spec.shape.length === expected.length && spec.shape.every((d, k) => d === null || expected[k] === null || d === expected[k]);
      if (!fits) {
        throw new KerasBridgeError(
          'INCOMPATIBLE_SHAPES',
          `Input ${i} of model "${this.name}" is incompatible with the model: expected shape=${formatShape(expected)}, found shape=${formatShape(spec.shape)}.`,
          { layer: this.name },
        );
      }
    });
  }

  /** Runs shape inference through the graph without touching its layers' nodes. */
  computeOutputSpecs(inputs: TensorSpec[]): TensorSpec[] {
    const specs = new Map<SymbolicTensor, TensorSpec>();
    this.inputs.forEach((t, i) => specs.set(t, inputs[i]!));
    const depths = [...this.graph.nodesByDepth.keys()].sort((a, b) => b - a);
    for (const depth of depths) {
      for (const node of this.graph.nodesByDepth.get(depth)!) {
        if (node.isInput) continue;
        node.layer.computeNodeOutputSpecs(node, (t) => specs.get(t)!).forEach((s, k) => specs.set(node.outputTensors[k]!, s));
      }
    }
    return this.outputs.map((t) => specs.get(t)!);
  }

  compile(args: CompileArgs = {}): void {
    this.compileConfig = normalizeCompileArgs(args, this.outputNames, this.name);
  }

  /** Keras' summary table; printed with `printFn` (console.log by default) and returned. */
  summary(options: SummaryOptions = {}): string {
    const text = formatSummary(this, options);
    (options.printFn ?? console.log)(text);
    return text;
  }
}
