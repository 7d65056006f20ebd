import { KerasBridgeError, withLayerContext } from '../../ir/errors.js';
import { Functional } from '../../ir/functional.js';
import { ConfiguredLayer } from '../../ir/define-layer.js';
import type { Layer } from '../../ir/layer.js';
import type { Node } from '../../ir/node.js';
import { isOperation } from '../../ir/operation.js';
import { collectTensors, type LayerOutput, type SymbolicTensor, type TensorSpec } from '../../ir/tensor.js';
import { isLowering, type CallExtras, type LayerCall, type Lowering, type OnnxGraph, type Value } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { callsInOrder, layerCall } from './graph-walk.js';
import { callMasks, maskUnapplied, outputMasks, type CallMasks } from './mask-flow.js';
import { givenMask, onnxMaskOps, type LazyMask } from './mask-values.js';
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
  const { outputs } = lowerGraph(model, inputs, [], '', { g, table, scopes });
  model.outputs.forEach((t, i) => g.addOutput({ name: outputNames[i]!, dtype: t.dtype, shape: t.shape }, outputs[i]!));
}

interface Context {
  readonly g: GraphBuilder;
  readonly table: LoweringTable;
  readonly scopes: NameScope;
}

/** What lowering a call or a graph gives: a value per output, and the Keras mask each carries. */
interface Lowered {
  readonly outputs: Value[];
  readonly masks: readonly (LazyMask | undefined)[];
}

function lowerGraph(model: Functional, inputs: readonly Value[], inputMasks: readonly (LazyMask | undefined)[], scope: string, context: Context): Lowered {
  const values = new Map<SymbolicTensor, Value>();
  const masks = new Map<SymbolicTensor, LazyMask>();
  model.inputs.forEach((t, i) => {
    values.set(t, inputs[i]!);
    if (inputMasks[i]) masks.set(t, inputMasks[i]!);
  });
  for (const node of callsInOrder(model)) {
    const args = node.inputTensors.map((t) => values.get(t)!);
    const layer = node.layer;
    const nodeMasks = isOperation(layer) ? undefined : callMasks(node, node.inputTensors.map((t) => masks.get(t)), (t) => givenMask(values.get(t)!));
    const lowered =
      nodeMasks === undefined
        ? { outputs: lowerOperationCall(node, args, scope, context.g), masks: [] }
        : layer instanceof Functional
          ? lowerGraph(layer, args, nodeMasks.given ?? [], `${context.scopes.unique(`${scope}${layer.name}`)}/`, context)
          : lowerCall(layer, node, { inputs: args, masks: nodeMasks, kwargs: (name) => collectTensors(node.kwargs[name]).map((t) => values.get(t)!) }, scope, context);
    node.outputTensors.forEach((t, k) => {
      values.set(t, lowered.outputs[k]!);
      if (lowered.masks[k]) masks.set(t, lowered.masks[k]!);
    });
  }
  return { outputs: model.outputs.map((t) => values.get(t)!), masks: model.outputs.map((t) => masks.get(t)) };
}

function lowerOperationCall(node: Node, inputs: Value[], scope: string, g: GraphBuilder): Value[] {
  g.enterLayer(`${scope}${node.layer.name}`, node.layer.name);
  return withLayerContext(node.layer, () => lowerOperation(g, node, inputs));
}

/** A call's arguments as values: its inputs, its masks, and the tensors of a keyword argument by name. */
interface CallArguments {
  readonly inputs: Value[];
  readonly masks: CallMasks<LazyMask>;
  kwargs(name: string): Value[];
}

/** `node` is the call in the model's graph, or for a layer wrapped by TimeDistributed the spec-only call `lowerWrapped` makes. */
function lowerCall(layer: Layer<LayerOutput>, node: Node | LayerCall<object>, args: CallArguments, scope: string, context: Context): Lowered {
  const { g, table } = context;
  const lowering = table.get(layer.className) as Lowering;
  const { given, previous } = args.masks;
  const call = 'layer' in node ? layerCall(node, given?.map((m) => m !== undefined)) : node;
  const extras: CallExtras = {
    masks: lowering.appliesMasks && given ? given.map((m) => m?.()) : [],
    kwargs: Object.fromEntries((lowering.tensorKwargs ?? []).map((name) => [name, args.kwargs(name)])),
  };
  const name = `${scope}${layer.name}`;
  g.enterLayer(name, layer.name);
  walks.set(g, { context, scope, layer });
  return withLayerContext(layer, () => {
    const outputs = lowering.lower(g, call, args.inputs, extras);
    if (outputs.length !== call.outputs.length) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `the ONNX lowering of class '${layer.className}' returned ${outputs.length} value(s) for a call with ${call.outputs.length} output(s). Return one value per output tensor.`,
      );
    }
    const site = { scope: name, layerName: layer.name, inputs: args.inputs, specs: call.inputs, outputs: call.outputs };
    return { outputs, masks: outputMasks(layer, previous, onnxMaskOps(g, site)) };
  });
}

/** The call each graph is lowering, for the wrappers among them: lowerings see only the graph. */
const walks = new WeakMap<OnnxGraph, { context: Context; scope: string; layer: Layer<LayerOutput> }>();

/**
 * Lowers the layer or model that the call being lowered wraps (TimeDistributed), applied to `inputs`
 * of Keras specs `specs` with the masks `masks`: a model is inlined, a layer goes through its own
 * lowering. The preflight sees only the wrapper, so what it wraps is checked here.
 */
export function lowerWrapped(g: OnnxGraph, wrapped: Layer<LayerOutput>, inputs: Value[], specs: TensorSpec[], masks: readonly (Value | undefined)[] = []): Value[] {
  const { context, scope, layer } = walks.get(g)!;
  const inner = `${scope}${layer.name}/`;
  const lazyMasks = masks.map((m) => m && givenMask(m));
  const masked = lazyMasks.some((m) => m !== undefined);
  let outputs: Value[];
  if (wrapped instanceof Functional) {
    checkLowerable(wrapped, context.table, g.opset, { kerasMajor: g.kerasMajor, inputs: masks.map((m) => m !== undefined) });
    outputs = lowerGraph(wrapped, inputs, lazyMasks, `${context.scopes.unique(`${inner}${wrapped.name}`)}/`, context).outputs;
  } else {
    const call = {
      name: wrapped.name,
      className: wrapped.className,
      config: wrapped instanceof ConfiguredLayer ? (wrapped.config as object) : {},
      inputs: specs,
      outputs: wrapped.computeOutputSpecs(specs, {}),
      weights: Object.fromEntries(wrapped.weights.map((w) => [w.name, w])),
      ...(masked && { masked: masks.map((m) => m !== undefined) }),
    };
    const reason = wrappedUnsupported(context.table, wrapped, call, g.opset);
    if (reason !== undefined) {
      throw new KerasBridgeError('UNSUPPORTED_LAYER', `Layer '${wrapped.name}' (${wrapped.className}) inside '${layer.name}' cannot be lowered: ${reason}.`, { layer: wrapped.name });
    }
    outputs = lowerCall(wrapped, call, { inputs, masks: { previous: lazyMasks, ...(masked && { given: lazyMasks }) }, kwargs: () => [] }, inner, context).outputs;
  }
  context.g.enterLayer(`${scope}${layer.name}`, layer.name);
  walks.set(g, { context, scope, layer });
  return outputs;
}

/** Why a layer wrapped by TimeDistributed cannot be lowered, as the preflight would say of a call of its own. */
function wrappedUnsupported(table: LoweringTable, wrapped: Layer<LayerOutput>, call: LayerCall<object>, opset: number): string | undefined {
  const entry = table.get(wrapped.className);
  if (entry === undefined) return 'it has no ONNX lowering';
  if (!isLowering(entry)) return entry.notYet;
  const needs = entry.minOpset?.(call) ?? opset;
  return maskUnapplied(wrapped, entry, call.masked) ?? entry.unsupported?.(call) ?? (needs > opset ? `it needs opset ${needs}` : undefined);
}
