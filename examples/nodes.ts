// Seed example 6: the concept of layer "node": one node per call, read with getOutputAt.
import { Input, layers } from 'kerasbridge';

export function nodes() {
  const a = Input({ shape: [280, 256] });
  const lstm = layers.LSTM(32);
  const encodedA = lstm(a);
  // Only one input so far: `lstm.output` is well defined.
  const singleNodeOutput = lstm.output === encodedA;

  const b = Input({ shape: [280, 256] });
  const lstm2 = layers.LSTM(32);
  const encodedA2 = lstm2(a);
  const encodedB2 = lstm2(b);
  // `lstm2.output` now throws: the layer has two nodes. Ask for a node by index instead.
  const getOutputAt0 = lstm2.getOutputAt(0) === encodedA2;
  const getOutputAt1 = lstm2.getOutputAt(1) === encodedB2;

  return {
    tensors: { encodedA, encodedA2, encodedB2 },
    models: {},
    layers: { lstm, lstm2 },
    checks: { singleNodeOutput, getOutputAt0, getOutputAt1 },
  };
}
