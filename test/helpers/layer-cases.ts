// The rows of fixtures/layer-cases.json and how to build them: shared by the layer table test (against
// Keras' results) and the codegen round trip (the same rows rebuilt from generated code).
import { readFileSync } from 'node:fs';
import { Input, layers, type DType, type Shape, type SymbolicTensor } from 'kerasbridge';

export interface LayerSpec {
  className: string;
  args?: unknown[];
  /** A value written as a `LayerSpec` is a layer, built first (`backward_layer`). */
  kwargs?: Record<string, unknown>;
}
export interface LayerCase extends LayerSpec {
  id: string;
  wrap?: LayerSpec;
  inputs: Shape[];
  dtypes?: DType[];
  throws?: boolean;
}

export const readFixtureJson = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));
export const layerCases = readFixtureJson('layer-cases.json') as LayerCase[];

type Factory = (...args: unknown[]) => (inputs: unknown) => unknown;
export const factories = layers as unknown as Record<string, Factory & { definition?: { className: string } }>;

const isLayerSpec = (value: unknown): value is LayerSpec => typeof value === 'object' && value !== null && 'className' in value;

export function makeLayer({ className, args = [], kwargs }: LayerSpec, leading: unknown[] = []): ReturnType<Factory> {
  const factory = factories[className];
  if (!factory) throw new Error(`no factory for ${className}`);
  const options = kwargs && Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, isLayerSpec(v) ? makeLayer(v) : v]));
  return factory(...leading, ...args, ...(options ? [options] : []));
}

/** The row's inputs and its layer (wrapping its inner layer, if any), not yet called. */
export function buildLayerCase(row: LayerCase): { inputs: SymbolicTensor[]; layer: ReturnType<Factory> } {
  const inputs = row.inputs.map((s, i) => Input({ batch_shape: s, dtype: row.dtypes?.[i] ?? 'float32' }));
  return { inputs, layer: makeLayer(row, row.wrap ? [makeLayer(row.wrap)] : []) };
}
