// Runs the importer in the browser through the library's browser build, and reports what it read in the
// terms of fixtures/models/*/reference.json, so that the Node side of the test compares the two.
import { importModel } from 'kerasbridge';

export interface ImportReport {
  format: string;
  kerasVersion?: string;
  modelName: string;
  totalParams: number;
  trainableParams: number;
  inputs: { name: string; shape: (number | null)[]; dtype: string }[];
  outputs: { shape: (number | null)[]; dtype: string }[];
  layers: { name: string; className: string; params: number; weights: string[] }[];
}

async function sha256(view: ArrayBufferView): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(view.buffer as ArrayBuffer, view.byteOffset, view.byteLength));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function importReport(url: string): Promise<ImportReport> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const { model, format, kerasVersion } = await importModel(bytes, { fileName: url.slice(url.lastIndexOf('/') + 1) });
  return {
    format,
    kerasVersion,
    modelName: model.name,
    totalParams: model.countParams(),
    trainableParams: model.trainableWeights.reduce((sum, w) => sum + w.size, 0),
    inputs: model.inputs.map((t) => ({ name: t.history.layer.name, shape: [...t.shape], dtype: t.dtype })),
    outputs: model.outputs.map((t) => ({ shape: [...t.shape], dtype: t.dtype })),
    layers: await Promise.all(
      model.layers.map(async (layer) => ({
        name: layer.name,
        className: layer.className,
        params: layer.countParams(),
        weights: await Promise.all(layer.weights.map((w) => sha256(w.value!))),
      })),
    ),
  };
}

Object.assign(window, { importReport });
