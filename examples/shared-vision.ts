// Seed example 10: a vision model shared, weights and all, by two digit inputs.
import { Input, Model, layers } from 'kerasbridge';

export function sharedVision() {
  // First, define the vision modules
  const digitInput = Input({ shape: [27, 27, 1] });
  let x = layers.Conv2D(64, [3, 3])(digitInput);
  x = layers.Conv2D(64, [3, 3])(x);
  x = layers.MaxPooling2D([2, 2])(x);
  let out = layers.Flatten()(x);

  const visionModel = Model(digitInput, out);

  // Then define the tell-digits-apart model
  const digitA = Input({ shape: [27, 27, 1] });
  const digitB = Input({ shape: [27, 27, 1] });

  // The vision model will be shared, weights and all
  const outA = visionModel(digitA);
  const outB = visionModel(digitB);

  const concatenated = layers.concatenate([outA, outB]);
  out = layers.Dense(1, { activation: 'sigmoid' })(concatenated);

  const classificationModel = Model([digitA, digitB], out);

  return {
    tensors: { outA, outB, concatenated, out },
    models: { visionModel, classificationModel },
    layers: {},
  };
}
