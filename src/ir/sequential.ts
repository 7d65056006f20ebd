import { KerasBridgeError } from './errors.js';
import { Functional } from './functional.js';
import { InputLayer } from './input-layer.js';
import type { Layer } from './layer.js';
import { autoName } from './naming.js';
import { isSymbolicTensor, type LayerOutput, type SymbolicTensor, type TensorSpec } from './tensor.js';
import type { Weight } from './weight.js';

type AnyLayer = Layer<LayerOutput>;

/**
 * A linear stack of layers. Once its input shape is known (from `input_shape` on the first layer, an
 * `Input` added first, or its first call) each layer is called once on the previous one's output.
 */
export class SequentialModel extends Functional<SymbolicTensor> {
  override get className(): string {
    return 'Sequential';
  }
  private stack: AnyLayer[] = [];
  private inputLayer?: InputLayer;

  static createSequential(layers: readonly (AnyLayer | SymbolicTensor)[] = [], options: { name?: string; trainable?: boolean } = {}): SequentialModel {
    const model = new SequentialModel();
    model.applyBaseOptions(options, () => autoName('Sequential'));
    model.built = false;
    for (const layer of layers) model.add(layer);
    return model;
  }

  /** Appends a layer; an `Input(...)` tensor as first item fixes the input shape. */
  add(item: AnyLayer | SymbolicTensor): void {
    if (isSymbolicTensor(item)) {
      const origin = item.history.layer;
      if (!(origin instanceof InputLayer) || this.stack.length > 0 || this.inputLayer) {
        throw new KerasBridgeError(
          'INVALID_ARGUMENT',
          `Sequential model "${this.name}" only accepts an Input() tensor as its first item; add layers after it.`,
        );
      }
      this.inputLayer = origin;
      return;
    }
    if (typeof item !== 'function' || !('computeOutputSpecs' in item)) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Only layers can be added to Sequential model "${this.name}". Received: ${String(item)}.`);
    }
    if (this.stack.some((l) => l.name === item.name)) {
      throw new KerasBridgeError(
        'DUPLICATE_NAME',
        `All layers added to a Sequential model should have unique names. Name '${item.name}' is already the name of a layer in model "${this.name}". Pass a unique \`name\`.`,
        { layer: item.name },
      );
    }
    if (!this.inputLayer && this.stack.length === 0 && item.batchInputShape) {
      this.inputLayer = InputLayer.create({ batch_shape: item.batchInputShape, dtype: item.dtype });
    }
    this.stack.push(item);
    if (this.inputLayer) this.connect();
  }

  /** Calls each not-yet-connected layer on the stack's current output, then maps the graph again. */
  private connect(): void {
    const input = this.inputLayer!.output;
    let x: SymbolicTensor = this.built ? this.outputs[0]! : input;
    for (const layer of this.stack.slice(this.built ? -1 : 0)) {
      const out = layer(x);
      if (!isSymbolicTensor(out)) {
        throw new KerasBridgeError(
          'INVALID_ARGUMENT',
          `Layer "${layer.name}" returns several tensors; a Sequential model needs single-output layers. Use a functional Model.`,
          { layer: layer.name },
        );
      }
      x = out;
    }
    this.initGraph({ inputs: input, outputs: x, name: this.name, trainable: this.trainable }, () => this.name);
  }

  /** Without a declared input shape the stack is built by its first call, as in Keras. */
  override buildFor(inputs: TensorSpec[]): void {
    if (!this.built) {
      if (this.stack.length === 0) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `Sequential model "${this.name}" cannot be built because it has no layers. Call add(layer).`);
      }
      this.inputLayer = InputLayer.create({ batch_shape: inputs[0]!.shape, dtype: inputs[0]!.dtype });
      this.connect();
    }
    super.buildFor(inputs);
  }

  /** The stacked layers, without the input layer (as Keras lists them). */
  override get layers(): AnyLayer[] {
    return [...this.stack];
  }

  override get weights(): Weight[] {
    return [...new Set(this.stack.flatMap((l) => l.weights))];
  }

  override get trainableWeights(): Weight[] {
    return this.trainable ? [...new Set(this.stack.flatMap((l) => l.trainableWeights))] : [];
  }
}
