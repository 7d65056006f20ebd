import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition, type LayerOptions } from '../ir/define-layer.js';
import { formatShape, resolveAxis, type Dim, type Shape } from '../ir/shape.js';
import type { SymbolicTensor, TensorSpec } from '../ir/tensor.js';

function listOfInputs(inputs: TensorSpec[], atLeast: number): TensorSpec[] {
  if (inputs.length < atLeast) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `A merge layer should be called on a list of at least ${atLeast} input${atLeast === 1 ? '' : 's'}. Got ${inputs.length}.`,
    );
  }
  return inputs;
}

/** The batch dim all inputs agree on, or null. */
function commonBatch(shapes: Shape[]): Dim {
  const known = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
  return known.size === 1 ? ([...known][0] as number) : null;
}

/** Keras' broadcasting rule for element-wise merges: trailing dims equal, or one of them 1. */
function broadcastShapes(a: Shape, b: Shape): Dim[] {
  if (a.length < b.length) return broadcastShapes(b, a);
  const out: Dim[] = [...a.slice(0, a.length - b.length)];
  a.slice(a.length - b.length).forEach((i, k) => {
    const j = b[k]!;
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else {
      throw new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        `Inputs have incompatible shapes. Received shapes ${formatShape(a)} and ${formatShape(b)}.`,
      );
    }
  });
  return out;
}

type ElementwiseMerge = 'Add' | 'Subtract' | 'Multiply' | 'Average' | 'Maximum' | 'Minimum';

function elementwiseDefinition(className: ElementwiseMerge): LayerDefinition<Record<string, never>> {
  const exactlyTwo = className === 'Subtract';
  return {
    className,
    defaults: {},
    positional: [],
    outputSpecs(_c, inputs) {
      listOfInputs(inputs, exactlyTwo ? 2 : 1);
      if (exactlyTwo && inputs.length !== 2) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `A \`Subtract\` layer should be called on exactly 2 inputs. Received: ${inputs.length} inputs.`);
      }
      const shapes = inputs.map((t) => t.shape);
      const features = shapes.map((s) => s.slice(1)).reduce((acc, s) => broadcastShapes(acc, s));
      return [{ shape: [commonBatch(shapes), ...features], dtype: inputs[0]!.dtype }];
    },
  };
}

type NoOptions = LayerOptions<Record<string, never>>;
export const Add = layerFactory<Record<string, never>, []>(elementwiseDefinition('Add'));
export const Subtract = layerFactory<Record<string, never>, []>(elementwiseDefinition('Subtract'));
export const Multiply = layerFactory<Record<string, never>, []>(elementwiseDefinition('Multiply'));
export const Average = layerFactory<Record<string, never>, []>(elementwiseDefinition('Average'));
export const Maximum = layerFactory<Record<string, never>, []>(elementwiseDefinition('Maximum'));
export const Minimum = layerFactory<Record<string, never>, []>(elementwiseDefinition('Minimum'));

export interface ConcatenateConfig {
  axis: number;
}

export const Concatenate = layerFactory<ConcatenateConfig, [axis: number]>({
  className: 'Concatenate',
  defaults: { axis: -1 },
  positional: ['axis'],
  outputSpecs(c, inputs) {
    const shapes = listOfInputs(inputs, 1).map((t) => t.shape);
    const rank = shapes[0]!.length;
    const axis = resolveAxis(c.axis, rank);
    const mismatch = () =>
      new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        'A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. ' +
          `Received: input_shape=[${shapes.map(formatShape).join(', ')}], axis=${c.axis}.`,
      );
    if (axis < 0 || axis >= rank || shapes.some((s) => s.length !== rank)) throw mismatch();
    for (let d = 1; d < rank; d++) {
      const known = new Set(shapes.map((s) => s[d]).filter((x) => x !== null));
      if (d !== axis && known.size > 1) throw mismatch();
    }
    // As in Keras, the other dims are the first input's, even where it leaves one unknown.
    const out: Dim[] = [...shapes[0]!];
    const axisDims = shapes.map((s) => s[axis]!);
    out[axis] = axisDims.some((x) => x === null) ? null : axisDims.reduce((a, b) => a! + b!, 0);
    return [{ shape: out, dtype: inputs[0]!.dtype }];
  },
});

// Keras' functional shortcuts: `concatenate([a, b], { axis: 1 })` is `Concatenate({ axis: 1 })([a, b])`.
export const add = (inputs: SymbolicTensor[], options?: NoOptions) => Add(options ?? {})(inputs);
export const subtract = (inputs: SymbolicTensor[], options?: NoOptions) => Subtract(options ?? {})(inputs);
export const multiply = (inputs: SymbolicTensor[], options?: NoOptions) => Multiply(options ?? {})(inputs);
export const average = (inputs: SymbolicTensor[], options?: NoOptions) => Average(options ?? {})(inputs);
export const maximum = (inputs: SymbolicTensor[], options?: NoOptions) => Maximum(options ?? {})(inputs);
export const minimum = (inputs: SymbolicTensor[], options?: NoOptions) => Minimum(options ?? {})(inputs);
export const concatenate = (inputs: SymbolicTensor[], options?: LayerOptions<ConcatenateConfig>) =>
  Concatenate(options ?? {})(inputs);
