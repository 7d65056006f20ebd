// Seed example 7: one Conv2D applied to inputs of two sizes: per-node input shapes.
import { Input, layers } from 'kerasbridge';

export function convShapes() {
  const a = Input({ shape: [32, 32, 3] });
  const b = Input({ shape: [64, 64, 3] });

  const conv = layers.Conv2D(16, [3, 3], { padding: 'same' });
  const convedA = conv(a);
  // Only one input so far, the following works:
  const inputShapeAfterOneCall = conv.inputShape; // [null, 32, 32, 3]

  const convedB = conv(b);
  // now `.inputShape` would throw, but this works:
  const inputShapeAt0 = conv.getInputShapeAt(0); // [null, 32, 32, 3]
  const inputShapeAt1 = conv.getInputShapeAt(1); // [null, 64, 64, 3]

  return {
    tensors: { convedA, convedB },
    models: {},
    layers: { conv },
    shapes: { inputShapeAfterOneCall, inputShapeAt0, inputShapeAt1 },
  };
}
