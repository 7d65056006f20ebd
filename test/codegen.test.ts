// Codegen round trips: the module generated for a model, run, rebuilds the same IR (a); loaded with
// the original file's weights it exports byte-identical ONNX, or holds bit-identical weights where the
// model is not exportable yet (b); generated again from the rebuilt model it is the same text (c); and
// it type-checks under the project's strict options. Seed examples, every fixture model, the wild
// files that import; goldens for the guide's VQA and video-QA models.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ConfiguredLayer,
  ELLIPSIS,
  Functional,
  Input,
  InputLayer,
  KerasBridgeError,
  Model,
  OperationLayer,
  SymbolicTensor,
  clearSession,
  generateTypeScript,
  layers,
  loadWeights,
  ops,
  slice,
  toOnnx,
  type Layer,
  type LayerOutput,
} from 'kerasbridge';
import { SEED_EXAMPLES } from '../examples/index.js';
import { buildLayerCase, layerCases } from './helpers/layer-cases.js';
import { main } from '../src/cli/main.js';
import { canonicalValue } from '../src/codegen/config-values.js';
import { importModel, type LoadOptions } from '../src/importers/load.js';

const root = new URL('../', import.meta.url);
const generatedDir = new URL('.cache/codegen/', root);
rmSync(generatedDir, { recursive: true, force: true });
mkdirSync(generatedDir, { recursive: true });
const generatedFiles: string[] = [];
const outcomes: Record<string, string> = {};

type AnyLayer = Layer<LayerOutput>;
type GeneratedModule = { buildModel(): Functional; loadWeights(model: Functional, source: string | Uint8Array): Promise<void> };

/** A tensor as the on-disk `keras_history` triple; every other value as data. */
function describeValue(value: unknown): unknown {
  if (value instanceof SymbolicTensor) return [value.history.layer.name, value.history.nodeIndex, value.history.tensorIndex];
  if (typeof value === 'function' && 'className' in value) return describeLayer(value as AnyLayer);
  if (Array.isArray(value)) return value.map(describeValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(canonicalValue(value) as object).map(([k, v]) => [k, describeValue(v)]));
  return value;
}

function describeLayer(layer: AnyLayer): unknown {
  const base = { className: layer.className, name: layer.name, trainable: layer.trainable, dtype: layer.dtype };
  if (layer instanceof Functional) return { ...base, ...describeModel(layer) };
  if (layer instanceof InputLayer) return { ...base, config: layer.getConfig() };
  if (layer instanceof ConfiguredLayer || layer instanceof OperationLayer) return { ...base, config: describeValue(layer.config) };
  throw new Error(`unexpected layer ${layer.name}`);
}

/** The IR of a model as comparable data: names, classes, normalized configs, each call's inputs and node index, input/output order. */
function describeModel(model: Functional): object {
  const calls = (layer: AnyLayer) =>
    layer.inboundNodes.flatMap((node, index) => {
      if (!model.ownsNode(node)) return [];
      const kwargs = Object.fromEntries(Object.entries(node.kwargs).filter(([, v]) => v !== null && v !== undefined));
      return [{ index, args: describeValue(node.args), kwargs: describeValue(kwargs), asList: node.inputsAsList }];
    });
  return {
    savedBy: model.savedBy,
    inputs: model.inputNames,
    outputs: model.outputNames,
    outputIsList: Array.isArray(model.output),
    compile: describeValue(model.compileConfig),
    operations: model.operations.map((op) => ({ layer: describeLayer(op), calls: calls(op) })),
  };
}

let moduleCount = 0;

/** Writes the code where vitest resolves 'kerasbridge' to this checkout, and imports it. */
async function importGenerated(code: string, id: string): Promise<GeneratedModule> {
  const file = new URL(`${id.replace(/[^\w.-]+/g, '_')}.${moduleCount++}.ts`, generatedDir);
  writeFileSync(file, code);
  generatedFiles.push(file.pathname);
  return (await import(/* @vite-ignore */ pathToFileURL(file.pathname).href)) as GeneratedModule;
}

function weightBytes(model: Functional): [string, number[], string][] {
  return model.weights.map((w) => {
    const value = w.value as ArrayBufferView;
    return [w.path, [...w.shape], Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')];
  });
}

/** (a) and (c); (b) when a weights source is given. */
async function roundTrip(id: string, model: Functional, options: { source?: string; weights?: string } = {}): Promise<void> {
  const code = await generateTypeScript(model, options);
  const generated = await importGenerated(code, id);
  clearSession();
  const rebuilt = generated.buildModel();
  expect(describeLayer(rebuilt), `${id}: rebuilt IR`).toEqual(describeLayer(model));
  expect(await generateTypeScript(rebuilt, options), `${id}: codegen of the rebuilt model`).toBe(code);
  if (!options.weights) return;
  await generated.loadWeights(rebuilt, options.weights);
  let original: Uint8Array;
  try {
    original = toOnnx(model);
  } catch (error) {
    if (!(error instanceof KerasBridgeError)) throw error;
    expect(weightBytes(rebuilt), `${id}: weights`).toEqual(weightBytes(model));
    outcomes[id] = `a, c, weights bit-identical (not exportable: ${error.message.slice(0, 80)})`;
    return;
  }
  expect(Buffer.from(toOnnx(rebuilt)).equals(Buffer.from(original)), `${id}: ONNX bytes`).toBe(true);
  outcomes[id] = 'a, b (ONNX byte-identical), c';
}

async function importFixture(path: string, options: LoadOptions = {}): Promise<Functional> {
  clearSession();
  return (await importModel(path, options)).model;
}

/** The model in a file, or undefined, noted, where the importer refuses it (its own tests say why). */
async function importOrNote(id: string, path: string, options: LoadOptions = {}): Promise<Functional | undefined> {
  try {
    return await importFixture(path, options);
  } catch (error) {
    if (!(error instanceof KerasBridgeError)) throw error;
    outcomes[id] = `does not import (${error.code}: ${error.message.slice(0, 60)}...)`;
    return undefined;
  }
}

describe('seed examples: the generated code rebuilds each model', () => {
  for (const [name, build] of Object.entries(SEED_EXAMPLES)) {
    clearSession();
    for (const key of Object.keys(build().models)) {
      test(`${name}: ${key}`, async () => {
        clearSession();
        const model = (build().models as Record<string, Functional>)[key]!;
        await roundTrip(`seed-${name}-${key}`, model);
        outcomes[`seed ${name} ${key}`] = 'a, c (no weights: built in TypeScript)';
      });
    }
  }
});

describe('edge cases built in TypeScript', () => {
  test('reserved and clashing names, a shared layer, multi-output calls, call keywords and ops', async () => {
    clearSession();
    const x = Input({ shape: [6, 4], name: 'class' });
    const [sequence, h, c] = layers.LSTM(3, { return_sequences: true, return_state: true, name: 'dense_1' })(x);
    const decoded = layers.LSTM(3, { name: 'dense1' })(x, { initial_state: [h!, c!] });
    const shared = layers.Dense(2, { name: 'buildModel' });
    const last = ops.getItem(sequence!, [ELLIPSIS, -1, slice(null, 3)]);
    const sum = ops.add(shared(decoded), shared(last));
    const model = Model({ inputs: x, outputs: [sum, decoded], name: 'model' });
    await roundTrip('edge-cases', model);
    const code = await generateTypeScript(model);
    expect(code).toContain("const class_ = Input({ shape: [6, 4], name: 'class' });");
    expect(code).toMatch(/\/\/ Called 2 times: every call uses the same weights\.\n\s+const buildModel_2 = layers\.Dense\(2/);
    expect(code).toContain('initial_state: [dense1[1], dense1[2]]');
    expect(code).toContain('[ELLIPSIS, -1, slice(null, 3)]');
  });
  test('a layer shared between a nested model and the model calling it is refused, naming both', async () => {
    clearSession();
    const shared = layers.Dense(2, { name: 'shared' });
    const a = Input({ shape: [2] });
    const inner = Model(a, shared(a), { name: 'inner' });
    const b = Input({ shape: [2] });
    const outer = Model(b, inner(shared(b)), { name: 'outer' });
    await expect(generateTypeScript(outer)).rejects.toThrow(/Cannot generate code for 'shared': it is used both in model '(inner|outer)' and in model '(inner|outer)'/);
  });
});

describe('goldens: the VQA and video-QA models of the guide read like examples/vqa.ts', () => {
  test.each([
    ['vqa.ts', 'vqaModel'],
    ['video-qa.ts', 'videoQaModel'],
  ] as const)('%s', async (file, key) => {
    clearSession();
    const code = await generateTypeScript(SEED_EXAMPLES.vqa().models[key]);
    const golden = new URL(`golden/${file}`, import.meta.url);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, code);
    expect(code).toBe(readFileSync(golden, 'utf8'));
    expect(code.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });
});

/** Keras 3 fixtures (.keras) and TF.js ones (model.json). */
const FIXTURES = [
  ...readdirSync(new URL('fixtures/models/', root)).map((name) => `models/${name}/model.keras`),
  ...readdirSync(new URL('fixtures/tfjs/', root)).map((name) => `tfjs/${name}/model.json`),
].sort();

describe('fixture models: structure, weights and text survive the round trip', () => {
  test.each(FIXTURES)('%s', async (file) => {
    const path = new URL(`fixtures/${file}`, root).pathname;
    await roundTrip(file, await importFixture(path), { source: `fixtures/${file}`, weights: path });
  });
});

afterAll(() => {
  console.info(`codegen round trips:\n${Object.entries(outcomes).map(([id, what]) => `  ${id}: ${what}`).join('\n')}`);
});

// ZeroPadding2D given one negative int normalises to a form its own validation refuses, so generated code
// (which writes the normalised form) cannot rebuild it: the one row left out, until the layer accepts it.
const CODEGEN_UNBUILDABLE_ROWS = new Set(['zero padding 2d negative int shrinks']);

describe('per-layer table: every row of fixtures/layer-cases.json survives the round trip', () => {
  const rows = layerCases.filter((row) => !row.throws);
  test.each(rows.map((row) => [row.id, row] as const))('%s', async (id, row) => {
    clearSession();
    const { inputs, layer } = buildLayerCase(row);
    const outputs = layer(inputs.length > 1 ? inputs : inputs[0]) as SymbolicTensor | SymbolicTensor[];
    const model = Model({ inputs, outputs, name: 'layer_case' });
    if (CODEGEN_UNBUILDABLE_ROWS.has(id)) {
      await expect(roundTrip(`layer case ${id}`, model)).rejects.toThrow(KerasBridgeError);
      return;
    }
    await roundTrip(`layer case ${id}`, model);
  });
});

/** The keras.applications zoo (`npm run zoo`), opt-in for its size: CODEGEN_ZOO=all or CODEGEN_ZOO=DenseNet121,EfficientNetB0. */
const zoo = new URL('.cache/zoo/', root);
const ZOO_MODELS = process.env.CODEGEN_ZOO === 'all' && existsSync(zoo) ? readdirSync(zoo).sort() : (process.env.CODEGEN_ZOO?.split(',') ?? []);

describe.runIf(ZOO_MODELS.length > 0)('zoo models (opt-in): structure, weights and text survive the round trip', () => {
  test.each(ZOO_MODELS)('%s', async (name) => {
    const path = new URL(`${name}/model.keras`, zoo).pathname;
    const model = await importOrNote(`zoo ${name}`, path);
    if (model) await roundTrip(`zoo ${name}`, model, { source: `${name}/model.keras`, weights: path });
  }, 600_000);
});

const WILD = new URL('../shared/fixtures-wild/', root);
const MANIFEST = readFileSync(new URL('MANIFEST.tsv', WILD), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));

/**
 * The wild files that hold a model: full-model H5, JSON configs (with the weights file whose manifest
 * row pairs it with them) and TF.js model.json files. Weights-only rows and shards come with these.
 */
const WILD_MODELS = MANIFEST.filter(([file, , , , , , format]) => format === 'keras-h5-full' || format === 'keras-json' || (format === 'tfjs' && file!.endsWith('.json'))).map(
  ([file]) => {
    const pair = MANIFEST.find(([, , , , , , format, , , , , , , , notes]) => format === 'keras-h5-weights' && notes?.includes(`pair: ${file!.split('/').pop()} `));
    return { file: file!, weights: pair?.[0] };
  },
);

describe('wild files that import: structure, weights and text survive the round trip', () => {
  test.each(WILD_MODELS)('$file', async ({ file, weights }) => {
    const path = new URL(file, WILD).pathname;
    const weightsPath = weights && new URL(weights, WILD).pathname;
    const model = await importOrNote(`wild ${file}`, path, { weights: weightsPath });
    if (!model) return;
    const holdsWeights = model.weights.every((w) => w.value !== undefined);
    await roundTrip(`wild ${file}`, model, { source: file, ...(holdsWeights && { weights: weightsPath ?? path }) });
    outcomes[`wild ${file}`] ??= 'a, c (config only: no weights)';
  });
});

/**
 * Type errors that come from outside codegen, each with its owner: they must still occur (a fix then
 * shows up here, and its entry goes), and nothing else may.
 */
const KNOWN_TYPE_GAPS: { message: RegExp; why: string }[] = [];

test('the generated modules type-check under the project options (strict), but for the known gaps', () => {
  const project = new Project({ tsConfigFilePath: new URL('tsconfig.json', root).pathname, skipAddingFilesFromTsConfig: true });
  const files = generatedFiles.map((f) => project.addSourceFileAtPath(f));
  const diagnostics = files.flatMap((file) => file.getPreEmitDiagnostics());
  const text = (d: (typeof diagnostics)[number]) => project.formatDiagnosticsWithColorAndContext([d]);
  const unexpected = diagnostics.filter((d) => !KNOWN_TYPE_GAPS.some((gap) => gap.message.test(text(d))));
  expect(unexpected.map(text).join('\n')).toBe('');
  for (const gap of KNOWN_TYPE_GAPS) expect(diagnostics.some((d) => gap.message.test(text(d))), `still needed: ${gap.why}`).toBe(true);
}, 120_000);

describe('loadWeights(model, source) reads every file that holds the weights', () => {
  const folder = new URL('fixtures/models/multi-io/', root);
  let generated: GeneratedModule;
  let expected: ReturnType<typeof weightBytes>;
  beforeAll(async () => {
    const model = await importFixture(new URL('model.keras', folder).pathname);
    expected = weightBytes(model);
    generated = await importGenerated(await generateTypeScript(model), 'load-weights');
  });
  test.each(['model.keras', 'model.h5', 'model.weights.h5', 'legacy-weights.h5'])('%s, by path and as bytes', async (file) => {
    const path = new URL(file, folder).pathname;
    for (const source of [path, new Uint8Array(readFileSync(path))]) {
      clearSession();
      const model = generated.buildModel();
      await loadWeights(model, source);
      expect(weightBytes(model)).toEqual(expected);
    }
  });
  test('a file without weights is refused, naming it', async () => {
    const error = await loadWeights(generated.buildModel(), new URL('config.json', folder).pathname).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KerasBridgeError);
    expect((error as KerasBridgeError).message).toMatch(/config\.json' holds keras-json, which kerasbridge does not load weights from/);
  });
});

describe('kerasbridge codegen', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };
  test('writes the module atomically and reports it with --json', async () => {
    const output = new URL('cli-output.ts', generatedDir).pathname;
    const source = new URL('fixtures/models/multi-io/config.json', root).pathname;
    const weights = new URL('fixtures/models/multi-io/model.weights.h5', root).pathname;
    const { out, io: streams } = io();
    expect(await main(['codegen', source, '--weights', weights, '-o', output, '--json'], streams)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ format: 'keras-json', model: 'multi_io', output });
    expect(readdirSync(generatedDir).filter((f) => f.includes('cli-output.ts.'))).toEqual([]);
    clearSession();
    expect(readFileSync(output, 'utf8')).toBe(await generateTypeScript(await importFixture(source, { weights }), { source, weights }));
  });
  test('--help, and one FILE required', async () => {
    const help = io();
    expect(await main(['codegen', '--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/Usage: kerasbridge codegen FILE \[-o OUT\.ts\]/);
    const missing = io();
    expect(await main(['codegen'], missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/Give exactly one Keras file to generate code from/);
  });
});
