// Seed example 9: a residual connection on a convolution layer.
import { Input, Model, layers } from 'kerasbridge';

export function residual() {
  // input tensor for a 3-channel 256x256 image
  const x = Input({ shape: [256, 256, 3] });
  // 3x3 conv with 3 output channels (same as input channels)
  const y = layers.Conv2D(3, [3, 3], { padding: 'same' })(x);
  // this returns x + y.
  const z = layers.add([x, y]);
  const model = Model(x, z);

  return { tensors: { y, z }, models: { model }, layers: {} };
}
