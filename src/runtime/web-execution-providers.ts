import type * as Ort from 'onnxruntime-web';
import { KerasBridgeError } from '../ir/errors.js';

/** Where onnxruntime-web runs a model: WebAssembly on the CPU (SIMD, threads when allowed), or the GPU through WebGPU. */
export type WebExecutionProvider = 'wasm' | 'webgpu';

export interface WebRuntimeOptions {
  /**
   * Where onnxruntime-web's `.wasm` files are served (its `env.wasm.wasmPaths`): a URL prefix, or the file's
   * URL. Needed only when the bundler does not emit them beside onnxruntime-web's code (Vite does).
   */
  wasmPaths?: string | { wasm?: string };
  /**
   * WebAssembly threads. The default is onnxruntime-web's: one thread unless the page is cross-origin
   * isolated (served with COOP/COEP headers), then half the logical cores, at most 4. Several threads need
   * cross-origin isolation: without it onnxruntime-web falls back to one.
   */
  numThreads?: number;
}

export interface OpenedOnWeb {
  session: Ort.InferenceSession;
  ort: typeof Ort;
  provider: WebExecutionProvider;
  /** WebAssembly threads in use (1 on WebGPU, whose kernels run on the GPU). */
  threads: number;
  warnings: string[];
}

// The two builds are separate modules with separate .wasm files (14 MB for the CPU one, 27 MB with WebGPU),
// so a page that never asks for WebGPU never downloads its build.
const loadWasmBuild = () => import('onnxruntime-web/wasm');
const loadWebGpuBuild = () => import('onnxruntime-web/webgpu');

/** The browser features these checks read; declared here because the library compiles without the DOM types. */
interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { gpu?: { requestAdapter(): Promise<unknown> } };
}

/**
 * Opens the model on WebGPU when asked and the browser has a usable adapter, else on WebAssembly with a
 * one-line warning saying why. The list is in order of preference, as onnxruntime reads it.
 */
export async function openOnWeb(bytes: Uint8Array, fileName: string, providers: readonly WebExecutionProvider[], options: WebRuntimeOptions): Promise<OpenedOnWeb> {
  if (providers.length === 0 || providers.some((p) => p !== 'wasm' && p !== 'webgpu')) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Execution providers ${JSON.stringify(providers)} are not supported by onnxruntime-web here. Use ['wasm'] or ['webgpu', 'wasm'].`);
  }
  const warnings: string[] = [];
  if (providers[0] === 'webgpu') {
    const missing = await webGpuMissing();
    if (missing === undefined) {
      const ort = configure(await loadWebGpuBuild(), options);
      try {
        return { session: await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] }), ort, provider: 'webgpu', threads: 1, warnings };
      } catch (error) {
        warnings.push(`WebGPU was requested but onnxruntime-web could not use it (${(error as Error).message}); running on WebAssembly.`);
      }
    } else warnings.push(`WebGPU was requested but ${missing}; running on WebAssembly.`);
  }
  if (!providers.includes('wasm')) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `${warnings.join(' ')} Add 'wasm' to the execution providers to allow that fallback.`.trim());
  }
  const ort = configure(await loadWasmBuild(), options);
  const requested = options.numThreads;
  if (requested !== undefined && requested > 1 && !(globalThis as BrowserGlobals).crossOriginIsolated) {
    warnings.push(`${requested} WebAssembly threads were requested but the page is not cross-origin isolated (serve it with COOP/COEP headers); running on one thread.`);
  }
  try {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    return { session, ort, provider: 'wasm', threads: ort.env.wasm.numThreads ?? 1, warnings };
  } catch (error) {
    throw new KerasBridgeError('CORRUPT_FILE', `Cannot open '${fileName}' with onnxruntime-web: ${(error as Error).message}. Check that it is an ONNX model.`, { file: fileName, cause: error });
  }
}

/** Settings of onnxruntime-web's global `env`; they take effect before its first session, as onnxruntime documents. */
function configure(ort: typeof Ort, options: WebRuntimeOptions): typeof Ort {
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  if (options.numThreads !== undefined) {
    if (!(Number.isInteger(options.numThreads) && options.numThreads > 0)) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `numThreads must be a positive integer, but got ${JSON.stringify(options.numThreads)}. Leave it out for onnxruntime-web's default.`);
    }
    ort.env.wasm.numThreads = options.numThreads;
  }
  return ort;
}

/** Why WebGPU cannot work here, checked before loading its 27 MB build. */
async function webGpuMissing(): Promise<string | undefined> {
  const gpu = (globalThis as BrowserGlobals).navigator?.gpu;
  if (gpu === undefined) return 'this browser has no WebGPU (navigator.gpu is missing: an older browser, a non-secure page, or WebGPU switched off)';
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter === null ? 'the browser found no WebGPU adapter (no usable GPU, or GPU access disabled)' : undefined;
}
