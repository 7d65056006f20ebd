import { ConfiguredLayer } from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import { Functional } from '../ir/functional.js';
import { InputLayer } from '../ir/input-layer.js';
import { Layer } from '../ir/layer.js';
import { SequentialModel } from '../ir/sequential.js';
import type { LayerOutput } from '../ir/tensor.js';
import { pascalCase, type Namer } from './identifiers.js';

type AnyLayer = Layer<LayerOutput>;

/** What the module holds: a builder function per model, and which instances are used more than once. */
export interface ModulePlan {
  /** Each model's builder function, nested models before the models using them, the top model last. */
  readonly builders: ReadonlyMap<Functional, string>;
  /** How many times each layer or model is used (called, listed in a Sequential, wrapped) in its model. */
  readonly uses: ReadonlyMap<AnyLayer, number>;
}

/** The layers inside a config value: what wrappers (TimeDistributed, Bidirectional) hold. */
function layersIn(value: unknown): AnyLayer[] {
  if (value instanceof Layer) return [value];
  return Array.isArray(value) ? value.flatMap(layersIn) : [];
}

/** The layers a layer holds in its options. */
function wrappedLayers(layer: AnyLayer): AnyLayer[] {
  return layer instanceof ConfiguredLayer ? Object.values(layer.config as Record<string, unknown>).flatMap(layersIn) : [];
}

export function planModule(top: Functional, namer: Namer): ModulePlan {
  const builders = new Map<Functional, string>();
  const uses = new Map<AnyLayer, number>();
  const owner = new Map<AnyLayer, Functional>();

  const use = (layer: AnyLayer, scope: Functional, times: number) => {
    const other = owner.get(layer);
    if (other && other !== scope) {
      throw new KerasBridgeError(
        'UNSUPPORTED_LAYER',
        `Cannot generate code for '${layer.name}': it is used both in model '${other.name}' and in model '${scope.name}', ` +
          'and generated code builds each model in its own function. Share the layer within one model.',
        { layer: layer.name },
      );
    }
    owner.set(layer, scope);
    uses.set(layer, (uses.get(layer) ?? 0) + times);
    if (times > 0 && uses.get(layer) === times) visitLayer(layer, scope);
  };
  const visitLayer = (layer: AnyLayer, scope: Functional) => {
    for (const wrapped of wrappedLayers(layer)) use(wrapped, scope, 1);
    if (layer instanceof Functional) visitModel(layer);
  };
  const visitModel = (model: Functional) => {
    for (const layer of model.operations) {
      if (layer instanceof InputLayer) continue;
      const calls = model instanceof SequentialModel ? 1 : layer.inboundNodes.filter((n) => model.ownsNode(n)).length;
      use(layer, model, calls);
    }
    builders.set(model, model === top ? 'buildModel' : namer.claim(`build${pascalCase(model.name)}`));
  };
  visitModel(top);
  return { builders, uses };
}
