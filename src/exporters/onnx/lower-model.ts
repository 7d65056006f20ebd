import { KerasBridgeError, withLayerContext } from '../../ir/errors.js';
import { Functional } from '../../ir/functional.js';
import type { Node } from '../../ir/node.js';
import type { SymbolicTensor } from '../../ir/tensor.js';
import type { Lowering, Value } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { callsInOrder, layerCall } from './graph-walk.js';
import { NameScope } from './names.js';
import type { LoweringTable } from './preflight.js';

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
        : lowerCall(node, args, scope, context);
    node.outputTensors.forEach((t, k) => values.set(t, outputs[k]!));
  }
  return model.outputs.map((t) => values.get(t)!);
}

function lowerCall(node: Node, inputs: Value[], scope: string, { g, table }: Context): Value[] {
  const lowering = table.get(node.layer.className) as Lowering;
  g.enterLayer(`${scope}${node.layer.name}`, node.layer.name);
  return withLayerContext(node.layer, () => {
    const outputs = lowering.lower(g, layerCall(node), inputs);
    if (outputs.length !== node.outputTensors.length) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `the ONNX lowering of class '${node.layer.className}' returned ${outputs.length} value(s) for a call with ${node.outputTensors.length} output(s). Return one value per output tensor.`,
      );
    }
    return outputs;
  });
}
