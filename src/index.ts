/**
 * kerasbridge: Keras' functional API in TypeScript.
 *
 *   const inputs = Input({ shape: [784] });
 *   const x = layers.Dense(64, { activation: 'relu' })(inputs);
 *   const model = Model({ inputs, outputs: layers.Dense(10, { activation: 'softmax' })(x) });
 */
import { Functional, type ModelArgs } from './ir/functional.js';
import type { Layer } from './ir/layer.js';
import { SequentialModel } from './ir/sequential.js';
import type { LayerInput, LayerOutput, SymbolicTensor } from './ir/tensor.js';

export * as layers from './layers/index.js';
export * as ops from './ops/index.js';
export { OP_DEFINITIONS, createOpRegistry, type OpRegistry } from './ops/index.js';
export { OperationLayer, type OperationDefinition, type TfOpSignature } from './ir/operation.js';
export { ELLIPSIS, slice, type EllipsisArg, type OpArg, type OpConstant, type SliceArg } from './ir/op-args.js';
export { BUILTIN_LAYERS, createRegistry, type LayerRegistry } from './layers/index.js';
export { Input, InputLayer, type InputOptions } from './ir/input-layer.js';
export { Layer, type BaseLayerOptions } from './ir/layer.js';
export {
  ConfiguredLayer,
  layerFactory,
  type LayerDefinition,
  type LayerFactory,
  type LayerOptions,
  type LegacyClass,
  type UpgradeContext,
  type WeightArray,
} from './ir/define-layer.js';
export { Functional, type ModelArgs } from './ir/functional.js';
export { SequentialModel } from './ir/sequential.js';
export { SymbolicTensor, type KerasHistory, type LayerInput, type LayerOutput, type TensorSpec } from './ir/tensor.js';
export { Node, type CallKwargs } from './ir/node.js';
export { Weight, type WeightSpec } from './ir/weight.js';
export { KerasBridgeError, type ErrorCode } from './ir/errors.js';
export { clearSession } from './ir/naming.js';
export type { CompileArgs, CompileConfig } from './ir/compile.js';
export type { SummaryOptions } from './ir/summary.js';
export type { DType, Dim, Shape } from './ir/shape.js';

/** A functional model; `Model<SymbolicTensor>` when built with one output tensor. */
export type Model<O extends LayerOutput = LayerOutput> = Functional<O>;

/** `Model({ inputs, outputs })` or, as in Python, `Model(inputs, outputs)`. */
export function Model<O extends LayerOutput>(args: ModelArgs<O>): Functional<O>;
export function Model<O extends LayerOutput>(inputs: LayerInput, outputs: O, options?: { name?: string; trainable?: boolean }): Functional<O>;
export function Model<O extends LayerOutput>(
  first: ModelArgs<O> | LayerInput,
  outputs?: O,
  options: { name?: string; trainable?: boolean } = {},
): Functional<O> {
  const args = outputs === undefined ? (first as ModelArgs<O>) : { inputs: first as LayerInput, outputs, ...options };
  return Functional.create(args);
}

export type Sequential = SequentialModel;

/** `Sequential()` then `add(...)`, or `Sequential([layer, ...])`. */
export function Sequential(
  layers: readonly (Layer<LayerOutput> | SymbolicTensor)[] = [],
  options: { name?: string; trainable?: boolean } = {},
): SequentialModel {
  return SequentialModel.createSequential(layers, options);
}

export { load, importModel, type LoadOptions, type ImportedModel } from './importers/load.js';
export { detectFormat, type KerasFormat } from './importers/detect.js';
export { toOnnx, writeOnnx, BUILTIN_LOWERINGS, type OnnxExportOptions, type Lowering, type LoweringEntry, type LayerCall, type OnnxGraph, type Value } from './exporters/onnx/index.js';
export {
  createSession,
  readNpy,
  writeNpy,
  readNpz,
  writeNpz,
  type Session,
  type SessionOptions,
  type ExecutionProvider,
  type ModelSource,
  type PredictInputs,
  type InputValue,
  type NdArray,
  type NdArrayLike,
  type NdArrayDType,
  type NestedArray,
  type IOSpec,
  type TypedArray,
} from './runtime/index.js';
export { loadWeights, type LoadWeightsOptions } from './importers/load-weights.js';
export { generateTypeScript, type CodegenOptions } from './codegen/index.js';
export { plotModel, drawModel, type PlotOptions, type ModelPlot, type RankDir } from './plot/index.js';
