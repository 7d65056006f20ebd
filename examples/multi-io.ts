// Seed example 4: a model with two inputs and two outputs, compiled with per-output loss weights.
import { Input, Model, layers } from 'kerasbridge';

export function multiIo() {
  // Headline input: meant to receive sequences of 100 integers, between 1 and 10000.
  const mainInput = Input({ shape: [100], dtype: 'int32', name: 'main_input' });

  // This embedding layer will encode the input sequence into a sequence of dense 512-dimensional vectors.
  let x = layers.Embedding({ output_dim: 512, input_dim: 10000, input_length: 100 })(mainInput);

  // A LSTM will transform the vector sequence into a single vector
  const lstmOut = layers.LSTM(32)(x);
  const auxiliaryOutput = layers.Dense(1, { activation: 'sigmoid', name: 'aux_output' })(lstmOut);

  const auxiliaryInput = Input({ shape: [5], name: 'aux_input' });
  x = layers.concatenate([lstmOut, auxiliaryInput]);

  // We stack a deep densely-connected network on top
  x = layers.Dense(64, { activation: 'relu' })(x);
  x = layers.Dense(64, { activation: 'relu' })(x);
  x = layers.Dense(64, { activation: 'relu' })(x);

  // And finally we add the main logistic regression layer
  const mainOutput = layers.Dense(1, { activation: 'sigmoid', name: 'main_output' })(x);

  const model = Model({ inputs: [mainInput, auxiliaryInput], outputs: [mainOutput, auxiliaryOutput] });
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', loss_weights: [1.0, 0.2] });

  return {
    tensors: { mainInput, lstmOut, auxiliaryOutput, mainOutput },
    models: { model },
    layers: {},
  };
}

/** The same compile step with losses and weights keyed by output name. */
export function compileByName(model: ReturnType<typeof multiIo>['models']['model']) {
  model.compile({
    optimizer: 'rmsprop',
    loss: { main_output: 'binary_crossentropy', aux_output: 'binary_crossentropy' },
    loss_weights: { main_output: 1.0, aux_output: 0.2 },
  });
}
