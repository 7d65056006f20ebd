// Seed example 8: an Inception module (concatenated on axis 1, exactly as the guide writes it).
import { Input, Model, layers } from 'kerasbridge';

export function inception() {
  const inputImg = Input({ shape: [256, 256, 3] });

  let tower1 = layers.Conv2D(64, [1, 1], { padding: 'same', activation: 'relu' })(inputImg);
  tower1 = layers.Conv2D(64, [3, 3], { padding: 'same', activation: 'relu' })(tower1);

  let tower2 = layers.Conv2D(64, [1, 1], { padding: 'same', activation: 'relu' })(inputImg);
  tower2 = layers.Conv2D(64, [5, 5], { padding: 'same', activation: 'relu' })(tower2);

  let tower3 = layers.MaxPooling2D([3, 3], { strides: [1, 1], padding: 'same' })(inputImg);
  tower3 = layers.Conv2D(64, [1, 1], { padding: 'same', activation: 'relu' })(tower3);

  const output = layers.concatenate([tower1, tower2, tower3], { axis: 1 });
  const model = Model(inputImg, output);

  return { tensors: { tower1, tower2, tower3, output }, models: { model }, layers: {} };
}
