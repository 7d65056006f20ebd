/** Stable machine-readable error kinds; the message says what, the value, what is wrong and what to do. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INCOMPATIBLE_SHAPES'
  | 'ILL_DEFINED_ATTRIBUTE'
  | 'NODE_INDEX_OUT_OF_RANGE'
  | 'DUPLICATE_NAME'
  | 'UNKNOWN_OUTPUT_NAME'
  | 'GRAPH_DISCONNECTED'
  | 'UNKNOWN_LAYER_CLASS'
  | 'CORRUPT_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'UNSAFE_CONTENT'
  | 'FILE_NOT_FOUND'
  | 'WEIGHTS_MISMATCH'
  | 'UNSUPPORTED_LAYER'
  | 'OPSET_TOO_LOW';

export interface ErrorContext {
  layer?: string;
  file?: string;
  path?: string;
  cause?: unknown;
}

/** The one error type of kerasbridge: every failure a user can cause is one of these. */
export class KerasBridgeError extends Error {
  readonly code: ErrorCode;
  readonly layer?: string;
  readonly file?: string;
  readonly path?: string;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'KerasBridgeError';
    this.code = code;
    this.layer = context.layer;
    this.file = context.file;
    this.path = context.path;
  }
}

/** Runs a layer's or an operation's own code; its errors gain the layer's name, so the user knows which call failed. */
export function withLayerContext<T>(layer: { readonly name: string; readonly className: string }, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof KerasBridgeError && error.layer === undefined) {
      throw new KerasBridgeError(error.code, `Layer "${layer.name}" (${layer.className}): ${error.message}`, {
        layer: layer.name,
        cause: error.cause,
      });
    }
    throw error;
  }
}
