// onnxruntime-node latency of several exports of one model, measured side by side: the sessions live in
// one process and their runs alternate, so that load from elsewhere on a shared machine hits them alike.
import * as ort from 'onnxruntime-node';

const WARM_UP = 2;

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A fixed batch in [-1, 1): every export gets the same values, so their outputs can be compared. */
function batchTensor(shape, batch) {
  const dims = shape.map((d) => d ?? batch);
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 12.9898) % 1);
  return new ort.Tensor('float32', data, dims);
}

/**
 * Per file, the median milliseconds of `runs` runs at this batch size (after warm-up) and its output;
 * `inputShape` is the Keras input shape with null for the batch dimension.
 */
export async function measureLatency(files, inputShape, batch, runs) {
  const sessions = await Promise.all(files.map((file) => ort.InferenceSession.create(file)));
  try {
    const input = batchTensor(inputShape, batch);
    const feeds = sessions.map((s) => ({ [s.inputNames[0]]: input }));
    const outputs = [];
    for (const [i, session] of sessions.entries()) {
      for (let w = 0; w < WARM_UP; w++) outputs[i] = (await session.run(feeds[i]))[session.outputNames[0]].data;
    }
    const times = sessions.map(() => []);
    for (let r = 0; r < runs; r++) {
      for (const [i, session] of sessions.entries()) {
        const started = performance.now();
        await session.run(feeds[i]);
        times[i].push(performance.now() - started);
      }
    }
    return sessions.map((_, i) => ({ ms: median(times[i]), output: outputs[i] }));
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}

/** The largest |a - b| over two outputs of the same shape. */
export function maxDifference(a, b) {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
