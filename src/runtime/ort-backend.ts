import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { KerasBridgeError } from '../ir/errors.js';
import { isNdArrayDType, type NdArray, type IOSpec, type TypedArray } from './nd-array.js';
import type { Backend } from './session.js';

// Type-only imports: onnxruntime-web shares these types (onnxruntime-common), so the browser runtime passes its own session and Tensor.

/** A backend over an onnxruntime session; `TensorClass` is the `Tensor` of the same onnxruntime package. */
export function ortBackend(session: InferenceSession, TensorClass: typeof Tensor): Backend {
  const inputs = session.inputMetadata.map(specOf);
  const outputs = session.outputMetadata.map(specOf);
  return {
    inputs,
    outputs,
    async run(arrays) {
      const feeds = Object.fromEntries(arrays.map((a, i) => [inputs[i]!.name, new TensorClass(a.dtype, a.data as Float32Array, a.shape)]));
      let results: InferenceSession.ReturnType;
      try {
        results = await session.run(feeds);
      } catch (error) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `onnxruntime could not run the model: ${(error as Error).message}`, { cause: error });
      }
      return outputs.map((spec): NdArray => {
        const tensor = results[spec.name]!;
        return { data: tensor.data as TypedArray, shape: [...tensor.dims], dtype: spec.dtype };
      });
    },
    release: () => session.release(),
  };
}

/** Symbolic dimensions (the batch) become `null`, as Keras writes `None`. */
function specOf(meta: InferenceSession.ValueMetadata): IOSpec {
  if (!meta.isTensor || !isNdArrayDType(meta.type)) {
    throw new KerasBridgeError(
      'UNSUPPORTED_FORMAT',
      `Graph value '${meta.name}' is ${meta.isTensor ? `a ${meta.type} tensor` : 'not a tensor'}; kerasbridge runs models whose inputs and outputs are numeric or bool tensors.`,
    );
  }
  return { name: meta.name, dtype: meta.type, shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)) };
}
