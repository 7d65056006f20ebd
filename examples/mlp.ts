// Seed example 1-3: a densely-connected network, the model called like a layer, and the model
// applied to every step of a sequence with TimeDistributed.
import { Input, Model, layers } from 'kerasbridge';

export function mlp() {
  // This returns a tensor
  const inputs = Input({ shape: [784] });

  // a layer instance is callable on a tensor, and returns a tensor
  let x = layers.Dense(64, { activation: 'relu' })(inputs);
  x = layers.Dense(64, { activation: 'relu' })(x);
  const predictions = layers.Dense(10, { activation: 'softmax' })(x);

  // This creates a model that includes the Input layer and three Dense layers
  const model = Model({ inputs, outputs: predictions });
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const modelBeforeCalls = model.summary({ printFn: () => {} });

  // All models are callable, just like layers: this reuses the architecture and the weights.
  const x2 = Input({ shape: [784] });
  const y = model(x2);

  // Input tensor for sequences of 20 timesteps, each containing a 784-dimensional vector
  const inputSequences = Input({ shape: [20, 784] });
  // This applies our previous model to every timestep in the input sequences.
  const timeDistributed = layers.TimeDistributed(model);
  const processedSequences = timeDistributed(inputSequences);

  return {
    tensors: { inputs, x, predictions, y, processedSequences },
    models: { model },
    layers: { timeDistributed },
    summaries: { modelBeforeCalls },
    checks: { modelCalledSharesWeights: model.countParams() === 55050 && model.inboundNodes.length === 2 },
  };
}
