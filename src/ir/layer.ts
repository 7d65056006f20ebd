import { KerasBridgeError } from './errors.js';
import { Node, type CallKwargs } from './node.js';
import { formatShape, shapesEqual, type DType, type Shape } from './shape.js';
import {
  SymbolicTensor,
  isSymbolicTensor,
  type LayerInput,
  type LayerOutput,
  type TensorSpec,
} from './tensor.js';
import { countWeights, type Weight } from './weight.js';

/** Options every Keras layer takes besides its own (`name`, `trainable`, `dtype`, `input_shape`, ...). */
export interface BaseLayerOptions {
  name?: string;
  trainable?: boolean;
  dtype?: DType;
  /** Per-sample shape; makes the layer usable as the first layer of a `Sequential`. */
  input_shape?: Shape;
  batch_input_shape?: Shape;
  batch_size?: number;
}

type Accessor = 'input' | 'output' | 'input shape' | 'output shape';
const accessorMethod: Record<Accessor, string> = {
  input: 'getInputAt',
  output: 'getOutputAt',
  'input shape': 'getInputShapeAt',
  'output shape': 'getOutputShapeAt',
};

// Keras layers are callable objects, so every layer instance is a function whose prototype is its
// class'. The construction happens in this root class so that the fields of Layer and of all its
// subclasses are initialised on that function; a function's own `name` and `length` would shadow ours.
class CallableObject {
  constructor(invoke: (self: never, ...args: never[]) => unknown) {
    const callable = function (this: unknown, ...args: never[]) {
      return invoke(callable as never, ...args);
    };
    delete (callable as { name?: string }).name;
    delete (callable as { length?: number }).length;
    Object.setPrototypeOf(callable, new.target.prototype);
    return callable;
  }
}

/**
 * A Keras layer: callable on symbolic tensors, recording a node per call. Subclasses say how
 * shapes flow (`computeOutputSpecs`) and which variables they own (`createWeights`).
 */
export abstract class Layer<O extends LayerOutput = SymbolicTensor> extends CallableObject {
  declare name: string;
  abstract readonly className: string;
  trainable = true;
  dtype: DType = 'float32';
  built = false;
  /** One node per call, in call order. */
  readonly inboundNodes: Node[] = [];
  /** The batch shape given by `input_shape`/`batch_input_shape`, used by `Sequential`. */
  batchInputShape?: Shape;
  protected ownWeights: Weight[] = [];

  constructor() {
    super((self: Layer<O>, inputs: LayerInput, kwargs?: CallKwargs) => self.invoke(inputs, kwargs));
  }

  /** Shape inference with no side effect: what this layer would output for these inputs. */
  abstract computeOutputSpecs(inputs: TensorSpec[], kwargs: CallKwargs): TensorSpec[];

  /** The variables this layer creates for these inputs (none by default). */
  protected createWeights(_inputs: TensorSpec[]): Weight[] {
    return [];
  }

  /** Whether a call's result is a list even when it holds one tensor (multi-output models). */
  protected outputsAsList(outputs: SymbolicTensor[]): boolean {
    return outputs.length !== 1;
  }

  protected applyBaseOptions(options: BaseLayerOptions, defaultName: () => string): void {
    this.name = options.name ?? defaultName();
    if (options.trainable !== undefined) this.trainable = options.trainable;
    if (options.dtype !== undefined) this.dtype = options.dtype;
    if (options.batch_input_shape) this.batchInputShape = [...options.batch_input_shape];
    else if (options.input_shape) this.batchInputShape = [options.batch_size ?? null, ...options.input_shape];
  }

  /** Creates the variables on the first call; later calls must fit the variables already made. */
  buildFor(inputs: TensorSpec[]): void {
    const weights = this.createWeights(inputs);
    if (!this.built) {
      this.ownWeights = weights;
      this.built = true;
      return;
    }
    weights.forEach((w, i) => {
      const existing = this.ownWeights[i];
      if (existing && !shapesEqual(existing.shape, w.shape)) {
        throw new KerasBridgeError(
          'INCOMPATIBLE_SHAPES',
          `Input ${inputs.map((s) => formatShape(s.shape)).join(', ')} is incompatible with layer "${this.name}": ` +
            `its weight ${existing.path} has shape ${formatShape(existing.shape)} but this input needs ${formatShape(w.shape)}. ` +
            'Call a new layer instance on it instead of reusing this one.',
          { layer: this.name },
        );
      }
    });
  }

  /** The call: infers output specs, builds if needed, records a node and returns its output tensors. */
  invoke(inputs: LayerInput, kwargs: CallKwargs = {}): O {
    const inputsAsList = Array.isArray(inputs);
    const tensors: SymbolicTensor[] = inputsAsList ? [...inputs] : [inputs as SymbolicTensor];
    tensors.forEach((t, i) => {
      if (!isSymbolicTensor(t)) {
        throw new KerasBridgeError(
          'INVALID_ARGUMENT',
          `Layer "${this.name}" was called on input ${i} of type ${typeof t}, not a symbolic tensor. ` +
            'Call layers on tensors from Input() or from other layer calls.',
          { layer: this.name },
        );
      }
    });
    this.buildFor(tensors);
    return this.recordCall(this.computeOutputSpecs(tensors, kwargs), tensors, inputsAsList, kwargs);
  }

  /** Makes the output tensors of a call and records its node. */
  protected recordCall(specs: TensorSpec[], inputs: SymbolicTensor[], inputsAsList: boolean, kwargs: CallKwargs, args?: readonly unknown[]): O {
    const nodeIndex = this.inboundNodes.length;
    const outputs = specs.map(
      (spec, tensorIndex) => new SymbolicTensor([...spec.shape], spec.dtype, { layer: this, nodeIndex, tensorIndex }),
    );
    this.inboundNodes.push(new Node(this, inputs, outputs, inputsAsList, kwargs, args));
    return (this.outputsAsList(outputs) ? outputs : outputs[0]) as O;
  }

  /** Shape inference for one of this layer's calls replayed with other specs for its tensors (a model called on new inputs). */
  computeNodeOutputSpecs(node: Node, specOf: (t: SymbolicTensor) => TensorSpec): TensorSpec[] {
    return this.computeOutputSpecs(node.inputTensors.map(specOf), node.kwargs);
  }

  get weights(): Weight[] {
    return [...this.ownWeights];
  }

  get trainableWeights(): Weight[] {
    return this.trainable ? this.weights.filter((w) => w.trainable) : [];
  }

  get nonTrainableWeights(): Weight[] {
    return this.trainable ? this.weights.filter((w) => !w.trainable) : this.weights;
  }

  countParams(): number {
    if (!this.built) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `You tried to call countParams on layer "${this.name}", but the layer isn't built. Call it on a tensor first.`,
        { layer: this.name },
      );
    }
    return countWeights(this.weights);
  }

  getInputAt(nodeIndex: number): LayerInput {
    const node = this.nodeAt(nodeIndex, 'input');
    return node.inputsAsList ? node.inputTensors : node.inputTensors[0]!;
  }

  getOutputAt(nodeIndex: number): O {
    const node = this.nodeAt(nodeIndex, 'output');
    return (this.outputsAsList(node.outputTensors) ? node.outputTensors : node.outputTensors[0]) as O;
  }

  getInputShapeAt(nodeIndex: number): Shape | Shape[] {
    const input = this.getInputAt(nodeIndex);
    return Array.isArray(input) ? input.map((t) => t.shape) : (input as SymbolicTensor).shape;
  }

  getOutputShapeAt(nodeIndex: number): Shape | Shape[] {
    const output = this.getOutputAt(nodeIndex);
    return Array.isArray(output) ? output.map((t) => t.shape) : (output as SymbolicTensor).shape;
  }

  /** The input of the only node; throws when the layer has several (use `getInputAt`). */
  get input(): LayerInput {
    return this.getInputAt(this.onlyNodeIndex('input'));
  }

  get output(): O {
    return this.getOutputAt(this.onlyNodeIndex('output'));
  }

  /** Defined while every node saw the same input shapes; otherwise use `getInputShapeAt`. */
  get inputShape(): Shape | Shape[] {
    return this.commonShape('input shape', (i) => this.getInputShapeAt(i));
  }

  get outputShape(): Shape | Shape[] {
    return this.commonShape('output shape', (i) => this.getOutputShapeAt(i));
  }

  private nodeAt(nodeIndex: number, what: Accessor): Node {
    const node = Number.isInteger(nodeIndex) ? this.inboundNodes[nodeIndex] : undefined;
    if (!node) {
      const has = this.inboundNodes.length;
      throw new KerasBridgeError(
        'NODE_INDEX_OUT_OF_RANGE',
        `Asked to get ${what} at node ${nodeIndex} of layer "${this.name}", but the layer has only ${has} inbound node${has === 1 ? '' : 's'}` +
          (has > 0 ? ` (valid indices: 0 to ${has - 1}).` : '; call it on a tensor first.'),
        { layer: this.name },
      );
    }
    return node;
  }

  private onlyNodeIndex(what: Accessor): number {
    if (this.inboundNodes.length > 1) {
      throw new KerasBridgeError(
        'ILL_DEFINED_ATTRIBUTE',
        `Layer ${this.name} has multiple inbound nodes, hence the notion of "layer ${what}" is ill-defined. ` +
          `Use \`${accessorMethod[what]}(nodeIndex)\` instead.`,
        { layer: this.name },
      );
    }
    return 0;
  }

  private commonShape(what: Accessor, shapeAt: (i: number) => Shape | Shape[]): Shape | Shape[] {
    if (this.inboundNodes.length === 0) {
      throw new KerasBridgeError(
        'ILL_DEFINED_ATTRIBUTE',
        `The layer "${this.name}" has never been called and thus has no defined ${what}. Call it on a tensor first.`,
        { layer: this.name },
      );
    }
    const shapes = this.inboundNodes.map((_, i) => shapeAt(i));
    const key = JSON.stringify(shapes[0]);
    if (shapes.some((s) => JSON.stringify(s) !== key)) {
      throw new KerasBridgeError(
        'ILL_DEFINED_ATTRIBUTE',
        `The layer "${this.name}" has multiple inbound nodes, with different ${what}s. Hence the notion of ` +
          `"${what}" is ill-defined for the layer. Use \`${accessorMethod[what]}(nodeIndex)\` instead.`,
        { layer: this.name },
      );
    }
    return shapes[0]!;
  }
}

// Declaration merging gives every layer instance its call signature: `layer(x)`.
export interface Layer<O extends LayerOutput = SymbolicTensor> {
  (inputs: LayerInput, kwargs?: CallKwargs): O;
}
