import { KerasBridgeError, withLayerContext } from '../../ir/errors.js';
import { Functional } from '../../ir/functional.js';
import { ConfiguredLayer } from '../../ir/define-layer.js';
import type { Layer } from '../../ir/layer.js';
import type { Node } from '../../ir/node.js';
import { isOperation } from '../../ir/operation.js';
import type { LayerOutput, SymbolicTensor, TensorSpec } from '../../ir/tensor.js';
import { isLowering, type LayerCall, type Lowering, type OnnxGraph, type Value } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { callsInOrder, layerCall } from './graph-walk.js';
import { NameScope } from './names.js';
import { lowerOperation } from './ops/index.js';
import { checkLowerable, type LoweringTable } from './preflight.js';

/**
 * Lowers a model checked by `checkLowerable` into `g`: graph inputs and outputs named after the Keras
 * input and output layers in Keras' order, nested models inlined under a scope per call.
 */
export function lowerModel(model: Functional, g: GraphBuilder, table: LoweringTable): void {
  const inputNames = model.inputNames.map((name) => g.reserve(name));
  const outputNames = model.outputNames.map((name) => g.reserve(name));
  const inputs = model.inputs.map((t, i) => g.addInput({ name: inputNames[i]!, dtype: t.dtype, shape: t.shape }));
  const scopes = new NameScope();
  const outputs = lowerGraph(model, inputs, '', { g, table, scopes });
  model.outputs.forEach((t, i) => g.addOutput({ name: outputNames[i]!, dtype: t.dtype, shape: t.shape }, outputs[i]!));
}

interface Context {
  readonly g: GraphBuilder;
  readonly table: LoweringTable;
  readonly scopes: NameScope;
}

function lowerGraph(model: Functional, inputs: readonly Value[], scope: string, context: Context): Value[] {
  const values = new Map<SymbolicTensor, Value>();
  model.inputs.forEach((t, i) => values.set(t, inputs[i]!));
  for (const node of callsInOrder(model)) {
    const args = node.inputTensors.map((t) => values.get(t)!);
    const layer = node.layer;
    const outputs =
      layer instanceof Functional
        ? lowerGraph(layer, args, `${context.scopes.unique(`${scope}${layer.name}`)}/`, context)
        : isOperation(layer)
          ? lowerOperationCall(node, args, scope, context.g)
          : lowerCall(layer, layerCall(node), args, scope, context);
    node.outputTensors.forEach((t, k) => values.set(t, outputs[k]!));
  }
  return model.outputs.map((t) => values.get(t)!);
}

function lowerOperationCall(node: Node, inputs: Value[], scope: string, g: GraphBuilder): Value[] {
  g.enterLayer(`${scope}${node.layer.name}`, node.layer.name);
  return withLayerContext(node.layer, () => lowerOperation(g, node, inputs));
}

function lowerCall(layer: Layer<LayerOutput>, call: LayerCall<object>, inputs: Value[], scope: string, context: Context): Value[] {
  const { g, table } = context;
  const lowering = table.get(layer.className) as Lowering;
  g.enterLayer(`${scope}${layer.name}`, layer.name);
  walks.set(g, { context, scope, layer });
  return withLayerContext(layer, () => {
    const outputs = lowering.lower(g, call, inputs);
    if (outputs.length !== call.outputs.length) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `the ONNX lowering of class '${layer.className}' returned ${outputs.length} value(s) for a call with ${call.outputs.length} output(s). Return one value per output tensor.`,
      );
    }
    return outputs;
  });
}

/** The call each graph is lowering, for the wrappers among them: lowerings see only the graph. */
const walks = new WeakMap<OnnxGraph, { context: Context; scope: string; layer: Layer<LayerOutput> }>();

/**
 * Lowers the layer or model that the call being lowered wraps (TimeDistributed), applied to `inputs`
 * of Keras specs `specs`: a model is inlined, a layer goes through its own lowering. The preflight
 * sees only the wrapper, so what it wraps is checked here.
 */
export function lowerWrapped(g: OnnxGraph, wrapped: Layer<LayerOutput>, inputs: Value[], specs: TensorSpec[]): Value[] {
  const { context, scope, layer } = walks.get(g)!;
  const inner = `${scope}${layer.name}/`;
  let outputs: Value[];
  if (wrapped instanceof Functional) {
    checkLowerable(wrapped, context.table, g.opset);
    outputs = lowerGraph(wrapped, inputs, `${context.scopes.unique(`${inner}${wrapped.name}`)}/`, context);
  } else {
    const call = {
      name: wrapped.name,
      className: wrapped.className,
      config: wrapped instanceof ConfiguredLayer ? (wrapped.config as object) : {},
      inputs: specs,
      outputs: wrapped.computeOutputSpecs(specs, {}),
      weights: Object.fromEntries(wrapped.weights.map((w) => [w.name, w])),
    };
    const entry = context.table.get(wrapped.className);
    const needs = entry && isLowering(entry) ? (entry.minOpset?.(call) ?? g.opset) : g.opset;
    const reason =
      entry === undefined ? 'it has no ONNX lowering' : !isLowering(entry) ? entry.notYet : (entry.unsupported?.(call) ?? (needs > g.opset ? `it needs opset ${needs}` : undefined));
    if (reason !== undefined) {
      throw new KerasBridgeError('UNSUPPORTED_LAYER', `Layer '${wrapped.name}' (${wrapped.className}) inside '${layer.name}' cannot be lowered: ${reason}.`, { layer: wrapped.name });
    }
    outputs = lowerCall(wrapped, call, inputs, inner, context);
  }
  context.g.enterLayer(`${scope}${layer.name}`, layer.name);
  walks.set(g, { context, scope, layer });
  return outputs;
}
