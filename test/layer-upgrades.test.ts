// Configs and weights written by Keras 1.x, Keras 2.x and tf.keras, upgraded by the layer definitions'
// hooks and checked against real Keras. fixtures/legacy/wild-configs.json holds real layer configs and
// what Keras 3 builds from them (fixtures/legacy/extract_configs.py); weight-upgrades.json holds Keras 2's
// own weight conversions, run on ramps and on arrays of Keras 1 files (fixtures/legacy/weights_reference.py).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  ConfiguredLayer,
  KerasBridgeError,
  createRegistry,
  layers,
  type ErrorCode,
  type LayerOutput,
  type UpgradeContext,
  type WeightArray,
} from 'kerasbridge';

type Config = Record<string, unknown>;
interface SavedEntry {
  class_name: string;
  config: Config;
}
type FileContext = Omit<UpgradeContext, 'savedClassName'>;
type Built = ConfiguredLayer<object, LayerOutput>;

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/legacy/${path}`, import.meta.url), 'utf8'));
const registry = createRegistry();
const legacyClasses = new Map(layers.LEGACY_CLASSES.map((c) => [c.className, c]));
const isEntry = (value: unknown): value is SavedEntry =>
  typeof value === 'object' && value !== null && typeof (value as SavedEntry).class_name === 'string';

/** The saved entry after its legacy class and `upgradeConfig`, with the definition it maps onto. */
function upgrade(entry: SavedEntry, file: FileContext) {
  const context = { ...file, savedClassName: entry.class_name };
  const legacy = registry.has(entry.class_name) ? undefined : legacyClasses.get(entry.class_name);
  const { className, config } = legacy ? legacy.upgrade(entry.config, context) : { className: entry.class_name, config: entry.config };
  const definition = registry.get(className);
  if (!definition) throw new Error(`no layer definition for '${className}' (saved as '${entry.class_name}')`);
  return { definition, config: definition.upgradeConfig?.(config, context) ?? config };
}

/** As an importer builds a saved layer: upgraded options over Keras' defaults, wrapped layers recursively. */
function build(entry: SavedEntry, file: FileContext): Built {
  const { definition, config } = upgrade(entry, file);
  const options: Config = { ...(definition.defaults as Config) };
  for (const [key, value] of Object.entries(config)) {
    if (key in options && value !== undefined) options[key] = definition.sublayers && isEntry(value) ? build(value, file) : value;
  }
  const shape = config.batch_input_shape as (number | null)[] | undefined;
  return ConfiguredLayer.create(definition, options, shape ? { batch_input_shape: shape } : {});
}

const kerasMajor = (version: string | null): 1 | 2 | 3 =>
  !version || version.startsWith('1') ? 1 : version.startsWith('3') ? 3 : 2;

// Keras 1 argument names; none may survive an upgrade (the importer would drop them silently).
const KERAS1_KEYS = [
  'output_dim', 'init', 'inner_init', 'inner_activation', 'W_regularizer', 'U_regularizer', 'b_regularizer',
  'W_constraint', 'b_constraint', 'bias', 'nb_filter', 'nb_row', 'nb_col', 'filter_length', 'subsample',
  'subsample_length', 'border_mode', 'dim_ordering', 'atrous_rate', 'pool_length', 'stride', 'dropout_W',
  'dropout_U', 'p', 'beta_init', 'gamma_init', 'forget_bias_init', 'kernel_dim1',
];

function leftoverKeras1Keys(entry: SavedEntry, file: FileContext): string[] {
  const { definition, config } = upgrade(entry, file);
  return Object.keys(config).filter((key) => KERAS1_KEYS.includes(key) && !(key in definition.defaults));
}

// Keras 3 serialises initializers as classes, configs usually name them: compare by class.
const INITIALIZER_ALIASES: Record<string, string> = { zero: 'Zeros', one: 'Ones', normal: 'RandomNormal', uniform: 'RandomUniform' };
function initializerClass(value: unknown): unknown {
  if (typeof value === 'string') {
    return INITIALIZER_ALIASES[value] ?? value.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  }
  return isEntry(value) ? value.class_name : value;
}

/** Every option of `layer` that Keras 3's config of the same layer also has, compared. */
function expectSameOptions(layer: Built, expected: SavedEntry): void {
  expect(layer.className).toBe(expected.class_name);
  const ours = layer.config as Config;
  for (const [key, value] of Object.entries(ours)) {
    if (!(key in expected.config)) continue;
    const theirs = expected.config[key];
    if (value instanceof ConfiguredLayer) expectSameOptions(value, theirs as SavedEntry);
    else if (key.endsWith('_initializer')) {
      expect(initializerClass(value), key).toBe(initializerClass(theirs));
      // Whatever the upgraded initializer config says, Keras 3's initializer must accept.
      const config = isEntry(value) ? Object.keys(value.config ?? {}) : [];
      expect(Object.keys((theirs as SavedEntry).config ?? {}), key).toEqual(expect.arrayContaining(config));
    } else expect(value, key).toEqual(theirs);
  }
}

interface WildRow {
  id: string;
  keras_version: string | null;
  backend: string | null;
  class_name: string;
  config: Config;
  expected: SavedEntry | { error: string };
}

const wildRows = readJson('wild-configs.json').rows as WildRow[];

describe('real legacy layer configs build as Keras 3 builds them', () => {
  const rows = wildRows;

  test.each(rows)('$class_name: $id', (row) => {
    const file = { kerasMajor: kerasMajor(row.keras_version), ...(row.backend ? { backend: row.backend } : {}) };
    const entry = { class_name: row.class_name, config: row.config };
    if ('error' in row.expected) {
      expect(() => build(entry, file)).toThrow(KerasBridgeError);
      return;
    }
    expect(leftoverKeras1Keys(entry, file)).toEqual([]);
    expectSameOptions(build(entry, file), row.expected);
  });
});

// Files of fixtures-wild without a license that allows a copy are read in place: every layer config of
// the upgraded families must build, or fail with the error Keras 2 gave too.
const WILD = new URL('../../shared/fixtures-wild/', import.meta.url);
const UNLICENSED_JSON = [
  ['datlife-behavioral-cloning/model.json', '1.2.0'],
  ['datlife-behavioral-cloning/model_best_cnn.json', '1.2.0'],
  ['datlife-behavioral-cloning/rnn.json', '1.2.0'],
  ['dventimiglia-behavioral-cloning/2017_model.json', '1.2.0'],
  ['dventimiglia-behavioral-cloning/2022_model.json', '2.3.1'],
  ['FakeNews/gru_model.json', '2.2.4-tf'],
  ['amazon-sentiment-analysis/model.json', '2.2.4-tf'],
  ['clasificacionDigitosCNN/model.json', '2.12.0'],
] as const;

const isModel = (entry: SavedEntry) => ['Sequential', 'Model', 'Functional'].includes(entry.class_name);

/** The layer entries of a model, nested models' included; a model inside a wrapper counts as nested. */
function savedLayers(model: SavedEntry): SavedEntry[] {
  const config = model.config as unknown;
  const entries = (Array.isArray(config) ? config : ((config as Config)?.layers ?? [])) as SavedEntry[];
  return entries.flatMap((e) => {
    if (isModel(e)) return savedLayers(e);
    const inner = e.config.layer;
    return isEntry(inner) && isModel(inner) ? savedLayers(inner) : [e];
  });
}

describe.skipIf(!existsSync(WILD))('legacy configs read in place from fixtures-wild', () => {
  // The classes of the families with upgrade rules, as the licensed files hold them.
  const families = new Set(wildRows.map((row) => row.class_name));
  // Collected even when skipped, so it must not read what is not there.
  const entries = (existsSync(WILD) ? UNLICENSED_JSON : []).flatMap(([path, version]) => {
    const json = JSON.parse(readFileSync(new URL(path, WILD), 'utf8'));
    const topology = json.modelTopology ?? json;
    const model = (topology.model_config ?? topology) as SavedEntry;
    return savedLayers(model)
      .filter((e) => families.has(e.class_name))
      .map((entry) => ({ id: `${path}#${String(entry.config.name)}`, entry, version }));
  });
  // What Keras refuses as well: BatchNormalization(mode=2) (Keras 2's legacy batchnorm_args_preprocessor),
  // and a Dense with 0.3 units (Keras 3: units must be a positive integer).
  const refused: Record<string, RegExp> = { 'datlife-behavioral-cloning/model.json#dense_7': /units/ };
  const expectedError = (id: string, entry: SavedEntry) =>
    refused[id] ?? (entry.class_name === 'BatchNormalization' && entry.config.mode === 2 ? /mode=2/ : undefined);

  test.each(entries)('$id', ({ id, entry, version }) => {
    const file = { kerasMajor: kerasMajor(version) };
    const error = expectedError(id, entry);
    if (error) {
      expect(() => build(entry, file)).toThrow(error);
      return;
    }
    expect(leftoverKeras1Keys(entry, file)).toEqual([]);
    expect(build(entry, file)).toBeInstanceOf(ConfiguredLayer);
  });
});

interface UpgradeRow {
  name: string;
  entry: SavedEntry;
  kerasMajor?: 1 | 2 | 3;
  /** Keys the upgraded config must hold, with their values. */
  upgraded?: Config;
  throws?: ErrorCode;
}

describe('upgrade rules beyond what Keras 3 checks', () => {
  const rows: UpgradeRow[] = [
    {
      name: 'Keras 1 Dense input_dim becomes the input shape',
      entry: { class_name: 'Dense', config: { output_dim: 7, input_dim: 5 } },
      upgraded: { units: 7, batch_input_shape: [null, 5] },
    },
    {
      name: 'a batch_input_shape the file has wins over input_dim',
      entry: { class_name: 'Dense', config: { output_dim: 7, input_dim: 5, batch_input_shape: [8, 5] } },
      upgraded: { batch_input_shape: [8, 5] },
    },
    {
      name: 'Keras 1 recurrent input_dim and input_length',
      entry: { class_name: 'LSTM', config: { output_dim: 4, input_dim: 3, input_length: 7, forget_bias_init: 'one' } },
      upgraded: { units: 4, batch_input_shape: [null, 7, 3], unit_forget_bias: true },
    },
    {
      name: 'Keras 1 Convolution1D input_dim',
      entry: { class_name: 'Convolution1D', config: { nb_filter: 2, filter_length: 3, input_dim: 4, input_length: null } },
      upgraded: { filters: 2, kernel_size: 3, batch_input_shape: [null, null, 4] },
    },
    {
      name: 'Embedding input_length becomes the input shape, input_dim stays the vocabulary size',
      entry: { class_name: 'Embedding', config: { input_dim: 20, output_dim: 3, input_length: 6 } },
      upgraded: { input_dim: 20, batch_input_shape: [null, 6] },
    },
    {
      name: 'TimeDistributedDense: the wrapper takes the input shape, the Dense the rest',
      entry: { class_name: 'TimeDistributedDense', config: { name: 'tdd', output_dim: 3, input_dim: 2, input_length: 10, init: 'zero', bias: false } },
      upgraded: {
        name: 'tdd',
        batch_input_shape: [null, 10, 2],
        layer: { class_name: 'Dense', config: { units: 3, kernel_initializer: 'zero', use_bias: false } },
      },
    },
    {
      name: 'Keras 1 regularizer and constraint objects',
      entry: { class_name: 'Dense', config: { output_dim: 2, W_regularizer: { name: 'WeightRegularizer', l1: 0, l2: 0.5 }, W_constraint: { name: 'MaxNorm', m: 3, axis: 0 } } },
      upgraded: {
        kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.5 } },
        kernel_constraint: { class_name: 'MaxNorm', config: { max_value: 3, axis: 0 } },
      },
    },
    {
      name: "tf.keras initializer configs lose 'dtype'",
      entry: { class_name: 'Dense', config: { units: 2, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null, dtype: 'float32' } } } },
      kerasMajor: 2,
      upgraded: { kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } } },
    },
    {
      name: "dim_ordering 'default' leaves Keras' default data format",
      entry: { class_name: 'MaxPooling2D', config: { pool_size: [2, 2], dim_ordering: 'default' } },
      upgraded: { data_format: undefined, dim_ordering: undefined },
    },
    {
      name: 'a Keras 3 GRU without reset_after keeps the Keras 3 default',
      entry: { class_name: 'GRU', config: { units: 2 } },
      kerasMajor: 3,
      upgraded: { reset_after: undefined },
    },
    { name: 'Merge of whole models', entry: { class_name: 'Merge', config: { mode: 'sum', layers: [] } }, throws: 'UNSUPPORTED_FORMAT' },
    { name: 'Merge with a lambda mode', entry: { class_name: 'Merge', config: { mode: ['4wEA', null, null], mode_type: 'lambda' } }, throws: 'UNSAFE_CONTENT' },
    { name: 'Merge with an unknown mode', entry: { class_name: 'Merge', config: { mode: 'min' } }, throws: 'INVALID_ARGUMENT' },
    { name: 'BatchNormalization mode=1', entry: { class_name: 'BatchNormalization', config: { mode: 1 } }, throws: 'INVALID_ARGUMENT' },
    { name: 'time_major=True', entry: { class_name: 'SimpleRNN', config: { units: 2, time_major: true } }, kerasMajor: 2, throws: 'INVALID_ARGUMENT' },
  ];

  test.each(rows)('$name', (row) => {
    const file = { kerasMajor: row.kerasMajor ?? 1 };
    if (row.throws) {
      let error: unknown;
      try {
        upgrade(row.entry, file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KerasBridgeError);
      expect((error as KerasBridgeError).code).toBe(row.throws);
      return;
    }
    const { config } = upgrade(row.entry, file);
    for (const [key, value] of Object.entries(row.upgraded ?? {})) expect(config[key], key).toEqual(value);
    expect(build(row.entry, file)).toBeInstanceOf(ConfiguredLayer);
  });

  test('the CuDNN classes become the portable layers with their fixed activations', () => {
    const lstm = build({ class_name: 'CuDNNLSTM', config: { units: 4 } }, { kerasMajor: 2 });
    expect(lstm.className).toBe('LSTM');
    expect(lstm.config).toMatchObject({ activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true });
    const gru = build({ class_name: 'CuDNNGRU', config: { units: 4 } }, { kerasMajor: 2 });
    expect(gru.config).toMatchObject({ reset_after: true, recurrent_activation: 'sigmoid' });
  });
});

interface SavedArray {
  shape: number[];
  data: number[];
}
interface WeightCase {
  id: string;
  class_name: string;
  config: Config;
  input_shape: (number | null)[];
  context: FileContext;
  inputs: SavedArray[];
  expected?: SavedArray[];
  error?: string;
}

describe("weights saved by older Keras take the current layout, as Keras 2's loader converts them", () => {
  const cases = readJson('weight-upgrades.json').cases as WeightCase[];

  test.each(cases)('$id', (row) => {
    const layer = build({ class_name: row.class_name, config: row.config }, row.context);
    layer.buildFor([{ shape: row.input_shape, dtype: 'float32' }]);
    const arrays: WeightArray[] = row.inputs.map((a, i) => ({ name: `saved_${i}`, shape: a.shape, data: Float32Array.from(a.data) }));
    const context = { ...row.context, savedClassName: row.class_name };
    const run = () => layer.definition.upgradeWeights?.(arrays, layer.config, context) ?? arrays;
    if (row.error) {
      expect(run).toThrow(KerasBridgeError);
      return;
    }
    const upgraded = run();
    expect(upgraded.map((a) => [...a.shape])).toEqual(row.expected!.map((a) => a.shape));
    expect(upgraded.map((a) => Array.from(a.data as Float32Array))).toEqual(row.expected!.map((a) => a.data));
    expect(upgraded.map((a) => [...a.shape])).toEqual(layer.weights.map((w) => [...w.shape]));
  });
});
