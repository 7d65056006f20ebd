import { Functional } from '../ir/functional.js';
import type { Layer } from '../ir/layer.js';
import { SequentialModel } from '../ir/sequential.js';
import { formatShape } from '../ir/shape.js';
import type { LayerOutput, SymbolicTensor } from '../ir/tensor.js';

/** The texts of one box, as Keras' `make_layer_label` writes them. */
export interface BoxLabel {
  /** The layer's name, or undefined when names are not shown. */
  readonly name?: string;
  readonly className: string;
  /** `Input shape` cell; Keras draws none for an InputLayer. */
  readonly inputShape?: string;
  readonly outputShape?: string;
}

type AnyLayer = Layer<LayerOutput>;

/** Python's `str()` of a shape structure: `(None, 5)`, or `[(None, 6), (None, 6)]` for a list. */
function formatStructure(value: SymbolicTensor | readonly SymbolicTensor[] | undefined): string {
  if (value === undefined) return '?';
  if (!Array.isArray(value)) return formatShape((value as SymbolicTensor).shape);
  return `[${value.map((t) => formatShape(t.shape)).join(', ')}]`;
}

/** What Keras' `Operation.input`/`output` return for a call: a lone tensor unwrapped from its list. */
function callStructure(tensors: readonly SymbolicTensor[] | undefined): SymbolicTensor | readonly SymbolicTensor[] | undefined {
  return tensors?.length === 1 ? tensors[0] : tensors;
}

/**
 * Keras reads `layer.input` and `layer.output`: a Functional model's own input and output structures,
 * and for any other operation (a Sequential included: it is no Functional in Keras 3) its first call's.
 */
function shapeTexts(layer: AnyLayer): { input: string; output: string } {
  if (layer instanceof Functional && !(layer instanceof SequentialModel)) {
    return { input: formatStructure(layer.input), output: formatStructure(layer.output) };
  }
  const first = layer.inboundNodes[0];
  return { input: formatStructure(callStructure(first?.dependencies)), output: formatStructure(callStructure(first?.outputTensors)) };
}

export function boxLabel(layer: AnyLayer, options: { showShapes: boolean; showLayerNames: boolean }): BoxLabel {
  const name = options.showLayerNames ? layer.name : undefined;
  if (!options.showShapes) return { name, className: layer.className };
  const { input, output } = shapeTexts(layer);
  return { name, className: layer.className, inputShape: layer.className === 'InputLayer' ? undefined : input, outputShape: output };
}
