// node bench/codegen.mjs [--runs N] (after `npm run build`): the time generateTypeScript takes for
// DenseNet121 (427 layers, 120 concatenations), built here with the builder API as Keras'
// applications/densenet.py builds it. The first run includes loading ts-morph (and the TypeScript
// compiler it carries); the median is of the runs after it.
import { parseArgs } from 'node:util';
import { Input, Model, clearSession, generateTypeScript, layers } from '../dist/src/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const bn = (name) => layers.BatchNormalization({ axis: 3, epsilon: 1.001e-5, name });

function convBlock(x, growthRate, name) {
  let y = bn(`${name}_0_bn`)(x);
  y = layers.Activation('relu', { name: `${name}_0_relu` })(y);
  y = layers.Conv2D(4 * growthRate, 1, { use_bias: false, name: `${name}_1_conv` })(y);
  y = bn(`${name}_1_bn`)(y);
  y = layers.Activation('relu', { name: `${name}_1_relu` })(y);
  y = layers.Conv2D(growthRate, 3, { padding: 'same', use_bias: false, name: `${name}_2_conv` })(y);
  return layers.Concatenate({ axis: 3, name: `${name}_concat` })([x, y]);
}

function transitionBlock(x, name) {
  let y = bn(`${name}_bn`)(x);
  y = layers.Activation('relu', { name: `${name}_relu` })(y);
  y = layers.Conv2D(y.shape[3] / 2, 1, { use_bias: false, name: `${name}_conv` })(y);
  return layers.AveragePooling2D(2, { strides: 2, name: `${name}_pool` })(y);
}

function denseNet121() {
  const input = Input({ shape: [224, 224, 3], name: 'input_layer' });
  let x = layers.ZeroPadding2D([[3, 3], [3, 3]], { name: 'zero_padding2d' })(input);
  x = layers.Conv2D(64, 7, { strides: 2, use_bias: false, name: 'conv1_conv' })(x);
  x = bn('conv1_bn')(x);
  x = layers.Activation('relu', { name: 'conv1_relu' })(x);
  x = layers.ZeroPadding2D([[1, 1], [1, 1]], { name: 'zero_padding2d_1' })(x);
  x = layers.MaxPooling2D(3, { strides: 2, name: 'pool1' })(x);
  [6, 12, 24, 16].forEach((blocks, stage) => {
    for (let i = 1; i <= blocks; i++) x = convBlock(x, 32, `conv${stage + 2}_block${i}`);
    if (stage < 3) x = transitionBlock(x, `pool${stage + 2}`);
  });
  x = bn('bn')(x);
  x = layers.Activation('relu', { name: 'relu' })(x);
  x = layers.GlobalAveragePooling2D({ name: 'avg_pool' })(x);
  return Model(input, layers.Dense(1000, { activation: 'softmax', name: 'predictions' })(x), { name: 'densenet121' });
}

clearSession();
const model = denseNet121();
const times = [];
let code = '';
for (let run = 0; run <= Number(values.runs); run++) {
  const started = performance.now();
  code = await generateTypeScript(model);
  times.push(performance.now() - started);
}
const [first, ...rest] = times;
const median = rest.sort((a, b) => a - b)[Math.floor(rest.length / 2)];
console.log(
  `codegen DenseNet121 (${model.layers.length} layers, ${code.split('\n').length} lines of code): ` +
    `first run ${(first / 1000).toFixed(2)} s, median of ${rest.length} more ${(median / 1000).toFixed(2)} s (Node ${process.version})`,
);
