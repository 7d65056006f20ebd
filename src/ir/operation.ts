import { KerasBridgeError, withLayerContext } from './errors.js';
import { Layer } from './layer.js';
import { autoName } from './naming.js';
import type { CallKwargs, Node } from './node.js';
import { mapTensors, type OpArg } from './op-args.js';
import { collectTensors, type LayerInput, type LayerOutput, type SymbolicTensor, type TensorSpec } from './tensor.js';

/**
 * How tf.keras 2 wrote an operation: a `TFOpLambda` layer whose `function` is the public TF symbol
 * without `tf.`, called on the symbol's first parameter with the others as keyword arguments.
 */
export interface TfOpSignature {
  /** `function` values of the layer config: `'math.add'`, `'__operators__.add'`, ... */
  readonly functions: readonly string[];
  /** The TF parameters that become the operation's positional arguments, in order; the first is the call's first argument. */
  readonly args: readonly string[];
  /** Operation config key to the TF parameter it comes from (`{ axes: 'perm' }`); a missing or null value keeps Keras' default. */
  readonly config?: Readonly<Record<string, string>>;
  /** TF's defaults for those parameters where they differ from Keras' (`nn.gelu` is exact unless told). */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/**
 * Everything kerasbridge knows about one Keras 3 operation class (`keras.src.ops.*`): the node Keras
 * records when `x + y`, `x[:, 1:]` or `keras.ops.sum(x)` is applied to symbolic tensors.
 */
export interface OperationDefinition<C extends object = Record<string, unknown>> {
  readonly className: string;
  /** Keras' module, written as `module` in `.keras` configs; it tells the op `Add` from the layer `Add`. */
  readonly module: string;
  /** The parameters of the operation's call (`x1, x2`; `x, key`; `xs`): what its node's args hold. */
  readonly args: readonly string[];
  /** The constructor arguments with Keras' defaults: what `get_config()` writes besides `name`. */
  readonly defaults: C;
  readonly required?: readonly (keyof C & string)[];
  /** Shape and dtype inference, as Keras' `compute_output_spec`, on the call's arguments with specs for tensors. */
  outputSpecs(config: C, args: readonly OpArg<TensorSpec>[]): TensorSpec[];
  readonly tf?: TfOpSignature;
}

/**
 * An operation applied in a functional graph. It is a node-recording callable like a layer, so the
 * graph walks it as Keras walks `model._operations`, but it owns no weights and is not one of the
 * model's `layers`. Its nodes keep the full call (tensors and constants) for replay and lowering.
 */
export class OperationLayer<C extends object = Record<string, unknown>> extends Layer<LayerOutput> {
  declare readonly definition: OperationDefinition<C>;
  declare readonly config: C;

  static create<C extends object>(definition: OperationDefinition<C>, config: Partial<C> = {}, name?: string): OperationLayer<C> {
    const op = new OperationLayer<C>();
    Object.defineProperty(op, 'definition', { value: definition, enumerable: false });
    op.applyBaseOptions({ name }, () => autoName(definition.className));
    const unknown = Object.keys(config).filter((k) => !(k in definition.defaults));
    const missing = (definition.required ?? []).filter((k) => config[k] === undefined || config[k] === null);
    if (unknown.length > 0 || missing.length > 0) {
      const known = Object.keys(definition.defaults).join(', ') || 'none';
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Operation ${definition.className} ${unknown.length > 0 ? `got unknown option(s) ${unknown.join(', ')}` : `is missing ${missing.join(', ')}`}. Its options are: ${known}.`,
        { layer: op.name },
      );
    }
    const filled = { ...definition.defaults } as Record<string, unknown>;
    for (const [key, value] of Object.entries(config)) if (value !== undefined) filled[key] = value;
    Object.defineProperty(op, 'config', { value: filled });
    return op;
  }

  get className(): string {
    return this.definition.className;
  }

  get module(): string {
    return this.definition.module;
  }

  /** `op(x)`: the operation applied to one positional argument. */
  override invoke(inputs: LayerInput, kwargs: CallKwargs = {}): LayerOutput {
    return this.callWith([inputs], kwargs);
  }

  /** Applies the operation to its positional arguments (tensors, constants, lists of them), as `op(*args, **kwargs)`. */
  callWith(args: readonly OpArg[], kwargs: CallKwargs = {}): LayerOutput {
    const positional = [...args];
    const rest: CallKwargs = {};
    for (const [key, value] of Object.entries(kwargs)) {
      const index = this.definition.args.indexOf(key);
      if (index >= 0 && positional[index] === undefined) positional[index] = value as OpArg;
      else rest[key] = value;
    }
    const tensors = collectTensors(positional);
    if (tensors.length === 0) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Operation "${this.name}" (${this.className}) was called without a symbolic tensor; apply it to tensors from Input() or from layer calls.`,
        { layer: this.name },
      );
    }
    this.buildFor(tensors);
    return this.recordCall(this.outputSpecsFor(positional), tensors, tensors.length !== 1, rest, positional);
  }

  /** Each input spec is one positional argument. */
  computeOutputSpecs(inputs: TensorSpec[]): TensorSpec[] {
    return this.outputSpecsFor(inputs);
  }

  override computeNodeOutputSpecs(node: Node, specOf: (t: SymbolicTensor) => TensorSpec): TensorSpec[] {
    return this.outputSpecsFor((node.args as readonly OpArg[]).map((a) => mapTensors(a, specOf)));
  }

  /** Keras' `get_config()` of the operation. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, ...this.config };
  }

  private outputSpecsFor(args: readonly OpArg<TensorSpec>[]): TensorSpec[] {
    return withLayerContext(this, () => this.definition.outputSpecs(this.config, args));
  }
}

export function isOperation(layer: Layer<LayerOutput>): layer is OperationLayer {
  return layer instanceof OperationLayer;
}
