import { ConfiguredLayer } from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import { Functional } from '../ir/functional.js';
import { InputLayer } from '../ir/input-layer.js';
import type { Layer } from '../ir/layer.js';
import type { Node } from '../ir/node.js';
import { OperationLayer } from '../ir/operation.js';
import { SequentialModel } from '../ir/sequential.js';
import type { LayerOutput, SymbolicTensor } from '../ir/tensor.js';
import { callOrder } from './call-order.js';
import { factoryName, opFunctionName, shortcutName } from './factories.js';
import { camelCase, type Namer } from './identifiers.js';
import { inputOptions, layerArguments, operationOptions, type ConstructorArguments } from './layer-arguments.js';
import { bracketed, callArguments, type Doc } from './layout.js';
import type { ModulePlan } from './module-plan.js';
import { objectDoc, valueDoc, type ValueContext } from './values.js';

type AnyLayer = Layer<LayerOutput>;

/** The statements of a model's builder function, and the expression that makes the model itself. */
export interface BuilderBody {
  readonly statements: Doc[];
  readonly model: Doc;
}

/**
 * Writes one model as builder code: a functional model as one `const` per call (inputs declared where
 * first used, calls in the order Keras' graph walk visits them), a Sequential as `Sequential([...])`.
 * Layers and models used more than once are declared first and then called by name.
 */
export class BodyWriter implements ValueContext {
  private readonly statements: Doc[] = [];
  private readonly tensors = new Map<SymbolicTensor, string>();
  private readonly declared = new Map<AnyLayer, string>();

  constructor(
    private readonly model: Functional,
    private readonly plan: ModulePlan,
    private readonly namer: Namer,
    readonly use: (name: string) => void,
  ) {}

  write(): BuilderBody {
    const model = this.model instanceof SequentialModel ? this.sequential(this.model) : this.functional(this.model);
    return { statements: this.statements, model };
  }

  tensor(tensor: SymbolicTensor): string {
    const name = this.tensors.get(tensor);
    if (name === undefined) throw new Error(`codegen: tensor ${tensor} used before its call was written`);
    return name;
  }

  layer(layer: AnyLayer): Doc {
    return this.instance(layer);
  }

  private functional(model: Functional): Doc {
    for (const input of model.inputs) {
      if (!(input.history.layer instanceof InputLayer)) {
        throw new KerasBridgeError(
          'UNSUPPORTED_LAYER',
          `Cannot generate code for model '${model.name}': its input comes from layer '${input.history.layer.name}', not from an Input(). ` +
            'Generated code builds each model from its own inputs.',
          { layer: model.name },
        );
      }
    }
    for (const node of callOrder(model)) this.call(node);
    for (const input of model.inputs) if (!this.tensors.has(input)) this.call(input.history.layer.inboundNodes[0]!);
    const list = (tensors: readonly SymbolicTensor[], asList: boolean) =>
      asList ? bracketed('[', tensors.map((t) => this.tensor(t)), ']') : this.tensor(tensors[0]!);
    this.use('Model');
    return ['Model(', objectDoc([
      ['inputs', list(model.inputs, model.inputs.length !== 1)],
      ['outputs', list(model.outputs, Array.isArray(model.output))],
      ...this.modelOptions(model),
    ]), ')'];
  }

  private sequential(model: SequentialModel): Doc {
    const input = model.built ? [this.inputCall(model.inputs[0]!.history.layer as InputLayer)] : [];
    this.use('Sequential');
    const items = bracketed('[', [...input, ...model.layers.map((l) => this.instance(l))], ']');
    const options = this.modelOptions(model);
    return ['Sequential', callArguments([items, objectDoc(options)])];
  }

  private modelOptions(model: Functional): [string, Doc][] {
    return [...(model.trainable ? [] : [['trainable', 'false'] as [string, Doc]]), ['name', valueDoc(model.name, this)]];
  }

  /** A layer or model where code uses it: its name once declared, else its construction. */
  private instance(layer: AnyLayer): Doc {
    const declared = this.declared.get(layer);
    if (declared) return declared;
    const shared = (this.plan.uses.get(layer) ?? 0) > 1;
    const isModel = layer instanceof Functional;
    // A model gets a name where it is called like a layer: `vision(image)`, not `buildVision()(image)`.
    const namedModel = isModel && !(this.model instanceof SequentialModel);
    if (!shared && !namedModel) return this.construction(layer);
    const name = this.namer.claim(camelCase(layer.name, 'layer'));
    if (shared && !isModel) this.statements.push(`// Called ${this.plan.uses.get(layer)} times: every call uses the same weights.`);
    this.statements.push(['const ', name, ' = ', this.construction(layer), ';']);
    this.declared.set(layer, name);
    return name;
  }

  private construction(layer: AnyLayer): Doc {
    if (layer instanceof Functional) return `${this.plan.builders.get(layer)!}()`;
    if (!(layer instanceof ConfiguredLayer)) {
      throw new KerasBridgeError('UNKNOWN_LAYER_CLASS', `Cannot generate code for layer '${layer.name}' (${layer.className}): it is not built from a layer definition.`, { layer: layer.name });
    }
    const { positional, options } = layerArguments(layer);
    this.use('layers');
    return [`layers.${factoryName(layer.className, layer.name)}`, this.arguments(positional, options)];
  }

  private arguments(positional: readonly unknown[], options: ConstructorArguments['options']): Doc {
    return callArguments([...positional.map((v) => valueDoc(v, this)), this.options(options)]);
  }

  private options(options: ConstructorArguments['options']): Doc {
    return objectDoc(options.map(([key, value]) => [key, valueDoc(value, this)]));
  }

  private inputCall(input: InputLayer): Doc {
    this.use('Input');
    return ['Input(', this.options(inputOptions(input)), ')'];
  }

  /** One call: `const x = <layer>(inputs);`, naming its outputs for the calls that follow. */
  private call(node: Node): void {
    const layer = node.layer;
    const nodeIndex = layer.inboundNodes.indexOf(node);
    const expression = this.callExpression(node);
    const declared = this.declared.get(layer);
    const calls = this.plan.uses.get(layer) ?? 1;
    const base = declared ? `${declared}${calls > 1 ? `At${nodeIndex}` : 'Out'}` : camelCase(layer.name, 'tensor');
    const name = this.namer.claim(base);
    this.statements.push(['const ', name, ' = ', expression, ';']);
    const asList = Array.isArray(layer.getOutputAt(nodeIndex));
    node.outputTensors.forEach((t, k) => this.tensors.set(t, asList ? `${name}[${k}]` : name));
  }

  private callExpression(node: Node): Doc {
    const layer = node.layer;
    if (layer instanceof InputLayer) return this.inputCall(layer);
    if (layer instanceof OperationLayer) {
      if (Object.keys(node.kwargs).length > 0) {
        throw new KerasBridgeError('UNSUPPORTED_LAYER', `Cannot generate code for operation '${layer.name}': it was called with keyword arguments ${Object.keys(node.kwargs).join(', ')}.`, { layer: layer.name });
      }
      this.use('ops');
      const args = [...node.args.map((a) => valueDoc(a, this)), this.options(operationOptions(layer))];
      return [`ops.${opFunctionName(layer.className, layer.name)}`, callArguments(args)];
    }
    const inputs = valueDoc(node.args[0], this);
    // Keras 3 records `mask=None` on every call; None is every call argument's default.
    const given = Object.entries(node.kwargs).filter(([, value]) => value !== null && value !== undefined);
    const kwargs = given.length > 0 ? [valueDoc(Object.fromEntries(given), this)] : [];
    const shortcut = shortcutName(layer.className);
    if (shortcut && kwargs.length === 0 && node.inputsAsList && (this.plan.uses.get(layer) ?? 0) === 1 && layer instanceof ConfiguredLayer) {
      const { positional, options } = layerArguments(layer);
      const named = positional.map((v, i) => [layer.definition.positional[i]!, v] as const);
      this.use('layers');
      return [`layers.${shortcut}`, callArguments([inputs, this.options([...named, ...options])])];
    }
    return [this.instance(layer), callArguments([inputs, ...kwargs])];
  }
}
