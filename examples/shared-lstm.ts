// Seed example 5: one LSTM layer shared by two inputs, to tell whether two tweets share an author.
import { Input, Model, layers } from 'kerasbridge';

export function sharedLstm() {
  const tweetA = Input({ shape: [280, 256] });
  const tweetB = Input({ shape: [280, 256] });

  // This layer can take as input a matrix and will return a vector of size 64
  const sharedLstm = layers.LSTM(64);

  // When we reuse the same layer instance multiple times, the weights of the layer are also reused
  const encodedA = sharedLstm(tweetA);
  const encodedB = sharedLstm(tweetB);

  // We can then concatenate the two vectors:
  const mergedVector = layers.concatenate([encodedA, encodedB], { axis: -1 });

  // And add a logistic regression on top
  const predictions = layers.Dense(1, { activation: 'sigmoid' })(mergedVector);

  // We define a trainable model linking the tweet inputs to the predictions
  const model = Model({ inputs: [tweetA, tweetB], outputs: predictions });
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });

  return {
    tensors: { encodedA, encodedB, mergedVector, predictions },
    models: { model },
    layers: { sharedLstm },
    checks: { nodeOutputsAreCallResults: sharedLstm.getOutputAt(0) === encodedA && sharedLstm.getOutputAt(1) === encodedB },
  };
}
