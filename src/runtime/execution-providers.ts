import type * as Ort from 'onnxruntime-node';
import { KerasBridgeError } from '../ir/errors.js';

/** Where onnxruntime-node runs a model: the CPU, or an NVIDIA GPU through CUDA. */
export type ExecutionProvider = 'cpu' | 'cuda';

const CUDA_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node';

/**
 * Opens the model on CUDA when asked and possible, else on the CPU with a one-line warning saying why.
 * onnxruntime-node ships only CPU binaries; its CUDA provider is a separate download (`CUDA_INSTALL`).
 */
export async function openOnNode(
  ort: typeof Ort,
  bytes: Uint8Array,
  fileName: string,
  providers: readonly ExecutionProvider[],
): Promise<{ session: Ort.InferenceSession; provider: ExecutionProvider; warnings: string[] }> {
  if (providers.length === 0 || providers.some((p) => p !== 'cpu' && p !== 'cuda')) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Execution providers ${JSON.stringify(providers)} are not supported by onnxruntime-node here. Use ['cpu'] or ['cuda', 'cpu'].`);
  }
  const warnings: string[] = [];
  // The list is in order of preference, as onnxruntime reads it.
  if (providers[0] === 'cuda') {
    const missing = await cudaMissing(ort);
    if (missing === undefined) {
      try {
        return { session: await ort.InferenceSession.create(bytes, { executionProviders: ['cuda', 'cpu'] }), provider: 'cuda', warnings };
      } catch (error) {
        warnings.push(`CUDA was requested but onnxruntime could not use it (${(error as Error).message}); running on the CPU.`);
      }
    } else warnings.push(`CUDA was requested but ${missing}; running on the CPU.`);
  }
  try {
    return { session: await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] }), provider: 'cpu', warnings };
  } catch (error) {
    throw new KerasBridgeError('CORRUPT_FILE', `Cannot open '${fileName}' with onnxruntime: ${(error as Error).message}. Check that it is an ONNX model.`, { file: fileName, cause: error });
  }
}

/**
 * Why CUDA cannot work, checked before trying: a failed try makes onnxruntime print a native error to stderr.
 * Node's modules are loaded here, not imported statically: this file is in the graph of the browser entry.
 */
async function cudaMissing(ort: typeof Ort): Promise<string | undefined> {
  if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) return `onnxruntime-node has no CUDA build for ${process.platform}/${process.arch}`;
  const [{ existsSync }, { createRequire }, { dirname, join }] = await Promise.all([import('node:fs'), import('node:module'), import('node:path')]);
  // The binding's own folder (dist/binding.js loads ../bin/napi-v6/<platform>/<arch>/), where the CUDA download lands.
  const folder = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return existsSync(join(folder, library)) ? undefined : `onnxruntime-node's CUDA provider is not installed (${CUDA_INSTALL})`;
}
