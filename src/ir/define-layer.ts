import { KerasBridgeError, withLayerContext } from './errors.js';
import { Layer, type BaseLayerOptions } from './layer.js';
import type { MaskOps } from './masks.js';
import { autoName } from './naming.js';
import type { CallKwargs } from './node.js';
import type { LayerOutput, SymbolicTensor, TensorSpec } from './tensor.js';
import { Weight, type WeightSpec, type WeightValue } from './weight.js';

/**
 * Everything kerasbridge knows about one Keras layer class, in one place: its options with Keras'
 * defaults and names, how its arguments are passed positionally, its shape inference and its variables.
 */
export interface LayerDefinition<C extends object> {
  readonly className: string;
  /** Keras' `get_config()` defaults, so an option left out reads exactly as in Keras. */
  readonly defaults: C;
  /** Keras' positional argument order: `Dense(64)`, `Conv2D(64, [3, 3])`, `Embedding(10000, 512)`. */
  readonly positional: readonly (keyof C & string)[];
  /** Options without a usable default. */
  readonly required?: readonly (keyof C & string)[];
  /** Options Keras still accepts but no longer uses (e.g. `Embedding(input_length=...)`). */
  readonly ignoredOptions?: readonly string[];
  /** Canonical form of the options (ints to tuples, ...) and their validation. */
  normalize?(config: C): C;
  outputSpecs(config: C, inputs: TensorSpec[], kwargs: CallKwargs): TensorSpec[];
  weights?(config: C, inputs: TensorSpec[]): WeightSpec[];
  /**
   * Keras' `compute_mask`, for a layer that supports masking: the masks of its outputs. Absent, the
   * layer does not support masking and a mask reaching it goes no further, as in Keras 3.
   */
  computeMask?<M>(config: C, masks: readonly (M | undefined)[], ops: MaskOps<M>): readonly (M | undefined)[];
  /** Whether Keras' `call` reads the mask it is given, so that masked steps change what it computes. */
  readonly readsMask?: boolean;
  /** Layers this one wraps (TimeDistributed, Bidirectional): their weights are part of this layer's. */
  sublayers?(config: C): Layer<LayerOutput>[];
  /**
   * Where Keras 3's weights files keep this layer's variables, below the layer's group: `['cell']` for
   * RNNs (`layers/lstm/cell/vars`), one entry per sublayer for wrappers (`['forward_layer',
   * 'backward_layer']`). Absent: the layer's own `vars`.
   */
  readonly savedChildren?: readonly string[];
  /** Builds wrapped layers for the inputs they will see. */
  buildSublayers?(config: C, inputs: TensorSpec[]): void;
  /**
   * Rewrites a saved config of this class written by older Keras (1.x, 2.x, tf.keras) into current
   * option names and values (`output_dim` -> `units`, ...). Runs before the defaults are filled in.
   */
  upgradeConfig?(config: Record<string, unknown>, context: UpgradeContext): Record<string, unknown>;
  /**
   * Converts the arrays saved for this layer by older Keras into the layout of `weights()` (Keras 1
   * LSTMs store 12 per-gate arrays, Theano kernels are flipped, ...). Identity when absent.
   */
  upgradeWeights?(arrays: WeightArray[], config: C, context: UpgradeContext): WeightArray[];
}

/** What an importer knows about the file a config comes from. */
export interface UpgradeContext {
  /** Major version of the Keras that wrote the file: 1, 2 (Keras 2 and tf.keras) or 3. */
  readonly kerasMajor: 1 | 2 | 3;
  /** `backend` attribute of the file when present ('tensorflow', 'theano', 'cntk', 'jax', 'torch'). */
  readonly backend?: string;
  /** The class name as written in the file. */
  readonly savedClassName: string;
}

/** One saved array: row-major values and their shape. */
export interface WeightArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: WeightValue;
}

/**
 * A class name older Keras wrote that maps onto a current class by its config (Keras 1 `Merge` with
 * `mode: 'concat'` is a `Concatenate`; `Convolution2D` is a `Conv2D`).
 */
export interface LegacyClass {
  readonly className: string;
  upgrade(config: Record<string, unknown>, context: UpgradeContext): { className: string; config: Record<string, unknown> };
}

const BASE_OPTIONS = new Set<string>(['name', 'trainable', 'dtype', 'input_shape', 'batch_input_shape', 'batch_size']);

/** A layer instance made from a definition; `config` holds every option under its Keras name. */
export class ConfiguredLayer<C extends object, O extends LayerOutput = SymbolicTensor> extends Layer<O> {
  declare readonly definition: LayerDefinition<C>;
  declare readonly config: C;

  static create<C extends object, O extends LayerOutput>(
    definition: LayerDefinition<C>,
    config: C,
    options: BaseLayerOptions,
  ): ConfiguredLayer<C, O> {
    const layer = new ConfiguredLayer<C, O>();
    Object.defineProperty(layer, 'definition', { value: definition, enumerable: false });
    layer.applyBaseOptions(options, () => autoName(definition.className));
    Object.defineProperty(layer, 'config', { value: layer.withLayerContext(() => definition.normalize?.(config) ?? config) });
    return layer;
  }

  get className(): string {
    return this.definition.className;
  }

  computeOutputSpecs(inputs: TensorSpec[], kwargs: CallKwargs): TensorSpec[] {
    return this.withLayerContext(() => this.definition.outputSpecs(this.config, inputs, kwargs));
  }

  override buildFor(inputs: TensorSpec[]): void {
    this.withLayerContext(() => this.definition.buildSublayers?.(this.config, inputs));
    super.buildFor(inputs);
  }

  protected override createWeights(inputs: TensorSpec[]): Weight[] {
    const specs = this.withLayerContext(() => this.definition.weights?.(this.config, inputs) ?? []);
    return specs.map((s) => new Weight(`${this.name}/${s.name}`, s.shape, s.dtype ?? this.dtype, s.trainable ?? true));
  }

  override get weights(): Weight[] {
    return [...this.sublayers().flatMap((l) => l.weights), ...this.ownWeights];
  }

  /** A wrapped layer frozen with `trainable: false` stays frozen inside its wrapper. */
  override get trainableWeights(): Weight[] {
    if (!this.trainable) return [];
    return [...this.sublayers().flatMap((l) => l.trainableWeights), ...this.ownWeights.filter((w) => w.trainable)];
  }

  override get nonTrainableWeights(): Weight[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  private sublayers(): Layer<LayerOutput>[] {
    return this.definition.sublayers?.(this.config) ?? [];
  }

  /** Keras' `get_config()`: base options then the layer's own, under Keras' names. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, dtype: this.dtype, ...this.config };
  }

  private withLayerContext<T>(run: () => T): T {
    return withLayerContext(this, run);
  }
}

/** A layer's options: its own (all optional here, Keras' defaults fill the rest) and the base ones. */
export type LayerOptions<C> = Partial<C> & BaseLayerOptions;

/**
 * A Keras layer constructor as a function: positional arguments as in Python, then an options object
 * with Keras' own keyword names. `Dense(64, { activation: 'relu' })` or `Dense({ units: 64 })`.
 */
export interface LayerFactory<C extends object, P extends unknown[], O extends LayerOutput = SymbolicTensor, X = object> {
  (...args: [...Prefixes<P>, (LayerOptions<C> & X)?]): ConfiguredLayer<C, O>;
  readonly definition: LayerDefinition<C>;
}

/** `[a, b]` -> `[a, b] | [a] | []`: Python lets any leading part of the positional arguments be given. */
type Prefixes<P extends unknown[]> = P extends [...infer Init, unknown] ? P | Prefixes<Init> : [];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Splits a Python-style call into the layer's config and its base options. */
export function parseLayerArguments<C extends object>(
  definition: LayerDefinition<C>,
  args: readonly unknown[],
): { config: C; options: BaseLayerOptions } {
  const last = args[args.length - 1];
  const keywords = isPlainObject(last) ? last : {};
  const positionals = isPlainObject(last) ? args.slice(0, -1) : args;
  const where = `${definition.className}()`;
  if (positionals.length > definition.positional.length) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `${where} takes at most ${definition.positional.length} positional argument(s) (${definition.positional.join(', ') || 'none'}) ` +
        `but got ${positionals.length}. Pass the others in the options object.`,
    );
  }
  const config: Record<string, unknown> = { ...(definition.defaults as Record<string, unknown>) };
  const options: Record<string, unknown> = {};
  const ignored = new Set(definition.ignoredOptions ?? []);
  for (const [key, value] of Object.entries(keywords)) {
    if (value === undefined || ignored.has(key)) continue;
    if (key in definition.defaults) config[key] = value;
    else if (BASE_OPTIONS.has(key)) options[key] = value;
    else {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Unrecognized option '${key}' passed to ${where}. Known options: ${[...Object.keys(definition.defaults), ...BASE_OPTIONS].join(', ')}.`,
      );
    }
  }
  positionals.forEach((value, i) => {
    const key = definition.positional[i]!;
    if (key in keywords) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `${where} got multiple values for argument '${key}'.`);
    }
    config[key] = value;
  });
  const given = new Set([...Object.keys(keywords), ...definition.positional.slice(0, positionals.length)]);
  for (const key of definition.required ?? []) {
    if (!given.has(key) || config[key] === undefined || config[key] === null) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `${where} is missing the required argument '${key}'. Pass it positionally or as { ${key}: ... }.`,
      );
    }
  }
  return { config: config as C, options: options as BaseLayerOptions };
}

export function layerFactory<C extends object, P extends unknown[], O extends LayerOutput = SymbolicTensor, X = object>(
  definition: LayerDefinition<C>,
): LayerFactory<C, P, O, X> {
  const factory = (...args: unknown[]) => {
    const { config, options } = parseLayerArguments(definition, args);
    return ConfiguredLayer.create<C, O>(definition, config, options);
  };
  Object.defineProperty(factory, 'name', { value: definition.className });
  return Object.assign(factory, { definition }) as unknown as LayerFactory<C, P, O, X>;
}
