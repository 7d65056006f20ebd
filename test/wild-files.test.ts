// Every real-world file in ../shared/fixtures-wild (MANIFEST.tsv) imports: Keras 1, 2, tf.keras and TF.js
// files that nobody here wrote, including many Keras 3 itself refuses. Weights-only files and TF.js
// shards are imported through the config they pair with. The only failures allowed are typed ones:
// Lambda layers (Python bytecode, never run) and genuinely custom layer classes.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { KerasBridgeError } from 'kerasbridge';
import { importModel, type LoadOptions } from '../src/importers/load.js';
import { wildManifest } from './importers/fixture-paths.js';

const WILD = new URL('../../shared/fixtures-wild/', import.meta.url);
const manifest = wildManifest().map((row) => ({ file: row.local_path!, format: row.format!, kerasVersion: row.keras_version!, notes: row.notes ?? '' }));

type Expected = { code: string; message: RegExp; why: string };
const lambda = (why: string): Expected => ({ code: 'UNSAFE_CONTENT', message: /Lambda layer stores Python bytecode, which kerasbridge never runs/, why });
const custom = (className: string): Expected => ({ code: 'UNKNOWN_LAYER_CLASS', message: new RegExp(`Unknown layer class '${className}'.*customLayers`), why: `${className} is a custom class of a third-party library` });
const noConfig: Expected = { code: 'UNSUPPORTED_FORMAT', message: /weights without a model/, why: 'weights only, and its config is not in the source repository' };

/** The rows that do not import, each for a reason the issue allows. */
const EXPECTED_FAILURES: Record<string, Expected> = {
  'dl4j-test-resources/weights__space_to_depth_simple_tensorflow_1.h5': lambda('space_to_depth Lambda'),
  'dl4j-test-resources/weights__space_to_depth_graph_tensorflow_2.h5': lambda('space_to_depth Lambda'),
  'dl4j-test-resources/examples__lambda__model_lambda.h5': lambda('raw Python 2 marshal Lambda'),
  'dl4j-test-resources/examples__deepfm__deepfm.h5': lambda('mean-pooling Lambdas'),
  'dl4j-test-resources/configs__keras2__yolo9000_tf_keras_2.json': lambda('space_to_depth Lambda'),
  'datlife-behavioral-cloning/model_best_cnn.json': lambda('normalisation Lambda'),
  'datlife-behavioral-cloning/model_best_cnn.h5': lambda('its config has a normalisation Lambda'),
  'datlife-behavioral-cloning/rnn.json': lambda('raw Python 3 marshal Lambda'),
  'dl4j-test-resources/examples__simple_lstm__simple_lstm_tf_keras_1_weights.h5': noConfig,
  'SequencePredictionLSTM/gru_model.h5': noConfig,
  'hls4ml-example-models/keras_bnn.json': custom('BinaryDense'),
  'hls4ml-example-models/keras_bnn_weights.h5': custom('BinaryDense'),
  'hls4ml-example-models/qkeras_mnist_cnn.json': custom('QConv2D'),
  'hls4ml-example-models/qkeras_mnist_cnn_weights.h5': custom('QConv2D'),
  'hls4ml-example-models/garnet_3layer_weights.h5': custom('GarNetStack'),
  'hls4ml-example-models/hgq_jet_classifier.h5': custom('FixedPointQuantizer'),
  // A typo in the source project: Dense(0.3) where Dropout(0.3) was meant. No Keras builds a Dense of 0.3 units.
  'datlife-behavioral-cloning/model.json': { code: 'INVALID_ARGUMENT', message: /dense_7.*invalid value for `units`.*0\.3/, why: 'Dense(output_dim=0.3)' },
};


/** How a row is imported: itself, or the config it pairs with (weights-only files, TF.js shards). */
function importArguments(row: (typeof manifest)[number]): [string, LoadOptions] {
  const path = new URL(row.file, WILD).pathname;
  const folder = new URL(row.file.slice(0, row.file.lastIndexOf('/') + 1), WILD);
  const pair = /pair: (\S+?\.json)/.exec(row.notes)?.[1];
  if (row.format === 'keras-h5-weights' && pair) return [new URL(pair, folder).pathname, { weights: path }];
  if (row.file === 'clasificacionDigitosCNN/model.h5') return [new URL('model.json', folder).pathname, { weights: path }];
  if (row.file.endsWith('.bin')) {
    const name = row.file.slice(row.file.lastIndexOf('/') + 1);
    const json = readdirSync(folder).find((f) => f.endsWith('.json') && readFileSync(new URL(f, folder), 'utf8').includes(`${name}"`));
    return [new URL(json!, folder).pathname, {}];
  }
  if (row.format === 'keras-json') {
    const weights = manifest.find((r) => r.format === 'keras-h5-weights' && r.notes.includes(`pair: ${row.file.slice(row.file.lastIndexOf('/') + 1)}`));
    if (weights) return [path, { weights: new URL(weights.file, WILD).pathname }];
  }
  return [path, {}];
}

describe.each(manifest)('$file ($format, Keras $kerasVersion)', (row) => {
  const expected = EXPECTED_FAILURES[row.file];
  test(expected ? `is refused: ${expected.why}` : 'imports with every weight it holds', async () => {
    const [source, options] = importArguments(row);
    if (expected) {
      const error = await importModel(source, options).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(KerasBridgeError);
      expect((error as KerasBridgeError).code).toBe(expected.code);
      expect((error as KerasBridgeError).message).toMatch(expected.message);
      return;
    }
    const { model } = await importModel(source, options);
    expect(model.layers.length).toBeGreaterThan(0);
    expect(model.outputs.every((t) => t.shape.length > 0)).toBe(true);
    const holdsWeights = !/config only/.test(row.notes) && !(row.format === 'keras-json' && options.weights === undefined);
    if (holdsWeights) expect(model.weights.filter((w) => w.value === undefined).map((w) => w.path)).toEqual([]);
  });
});

test('a tf.keras 2.2 TensorFlowOpLayer (raw Reshape NodeDef) imports as the Keras reshape it is', async () => {
  const { model } = await importModel(new URL('dl4j-test-resources/tfkeras__tfop_0.h5', WILD).pathname);
  const reshape = model.operations.find((op) => op.name === 'tf_op_layer_Reshape')!;
  expect(reshape.className).toBe('Reshape');
  expect(reshape.inboundNodes[0]!.outputTensors[0]!.shape).toEqual([null, 6]);
  expect(model.outputs[0]!.shape).toEqual([null, 5]);
});

test('the manifest lists every wild file', () => {
  const listed = new Set(manifest.map((r) => r.file));
  for (const dir of readdirSync(WILD, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(new URL(`${dir.name}/`, WILD))) expect(listed, `${dir.name}/${file}`).toContain(`${dir.name}/${file}`);
  }
});
