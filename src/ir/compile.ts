import { KerasBridgeError } from './errors.js';

/** An optimizer, loss or metric as Keras serialises it: a name or `{ class_name, config }`. */
export type CompileObject = string | { class_name: string; config?: Record<string, unknown> };
/** One value for all outputs, a list in output order, or a record keyed by output name. */
export type PerOutput<T> = T | T[] | Record<string, T>;

/** `model.compile(...)`'s arguments under Keras' names; kept as data, nothing is trained here. */
export interface CompileArgs {
  optimizer?: CompileObject;
  loss?: PerOutput<CompileObject | null> | null;
  loss_weights?: number[] | Record<string, number> | null;
  metrics?: PerOutput<CompileObject | CompileObject[]> | null;
  weighted_metrics?: PerOutput<CompileObject | CompileObject[]> | null;
  run_eagerly?: boolean;
  steps_per_execution?: number;
  jit_compile?: boolean | 'auto';
}

export type CompileConfig = Required<Pick<CompileArgs, 'optimizer' | 'loss' | 'loss_weights' | 'metrics' | 'weighted_metrics'>> &
  Pick<CompileArgs, 'run_eagerly' | 'steps_per_execution' | 'jit_compile'>;

const COMPILE_KEYS = new Set(['optimizer', 'loss', 'loss_weights', 'metrics', 'weighted_metrics', 'run_eagerly', 'steps_per_execution', 'jit_compile']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !('class_name' in value);
}

/**
 * Validates compile arguments against the model's outputs, as Keras does when it builds the losses,
 * but at `compile()` time so the mistake surfaces where it was made.
 */
export function normalizeCompileArgs(args: CompileArgs, outputNames: readonly string[], modelName: string): CompileConfig {
  for (const key of Object.keys(args)) {
    if (!COMPILE_KEYS.has(key)) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `compile() got an unexpected argument '${key}' for model "${modelName}". Known arguments: ${[...COMPILE_KEYS].join(', ')}.`,
      );
    }
  }
  const checkKeys = (option: string, value: unknown) => {
    if (!isRecord(value)) return;
    for (const key of Object.keys(value)) {
      if (!outputNames.includes(key)) {
        throw new KerasBridgeError(
          'UNKNOWN_OUTPUT_NAME',
          `Unknown output name '${key}' in \`${option}\` of model "${modelName}". ` +
            `The model's outputs are: ${outputNames.map((n) => `'${n}'`).join(', ')}.`,
        );
      }
    }
  };
  const checkLength = (option: string, value: unknown) => {
    if (Array.isArray(value) && value.length !== outputNames.length) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `\`${option}\` of model "${modelName}" is a list of ${value.length} but the model has ${outputNames.length} output(s) ` +
          `(${outputNames.join(', ')}). Give one entry per output, or a record keyed by output name.`,
      );
    }
  };
  checkKeys('loss', args.loss);
  checkKeys('loss_weights', args.loss_weights);
  checkKeys('metrics', args.metrics);
  checkKeys('weighted_metrics', args.weighted_metrics);
  checkLength('loss_weights', args.loss_weights);
  if (Array.isArray(args.loss) && outputNames.length > 1) checkLength('loss', args.loss);
  const config: CompileConfig = {
    optimizer: args.optimizer ?? 'rmsprop',
    loss: args.loss ?? null,
    loss_weights: args.loss_weights ?? null,
    metrics: args.metrics ?? null,
    weighted_metrics: args.weighted_metrics ?? null,
  };
  for (const key of ['run_eagerly', 'steps_per_execution', 'jit_compile'] as const) {
    if (args[key] !== undefined) Object.assign(config, { [key]: args[key] });
  }
  return structuredClone(config);
}
