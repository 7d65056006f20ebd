// keras/src/layers/rnn/bidirectional.py and keras/src/layers/rnn/time_distributed.py.
import type { ConfiguredLayer } from '../../../ir/define-layer.js';
import type { Layer } from '../../../ir/layer.js';
import type { LayerOutput } from '../../../ir/tensor.js';
import type { BidirectionalConfig, BidirectionalMergeMode, TimeDistributedConfig } from '../../../layers/wrappers.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';
import { lowerWrapped } from '../lower-model.js';
import { compactSteps } from './recurrent-mask.js';
import { directionOutputs, initialStates, initialStateUnsupported, recurrentNode, recurrentUnsupported, reverseTime, sameOp, type RecurrentLayer } from './recurrent-node.js';

function recurrentLayer(layer: Layer<LayerOutput>): RecurrentLayer {
  const { name, className, config } = layer as ConfiguredLayer<RecurrentLayer['config'], LayerOutput>;
  return { name, className, config, weights: Object.fromEntries(layer.weights.map((w) => [w.name, w])) };
}

const MERGES: Record<Exclude<BidirectionalMergeMode, null>, (g: OnnxGraph, y: Value, yRev: Value) => Value> = {
  concat: (g, y, yRev) => g.op('Concat', [y, yRev], { axis: -1 }),
  sum: (g, y, yRev) => g.op('Add', [y, yRev]),
  mul: (g, y, yRev) => g.op('Mul', [y, yRev]),
  ave: (g, y, yRev) => g.op('Div', [g.op('Add', [y, yRev]), g.scalar(2)]),
};

/**
 * Both directions in one op with direction 'bidirectional' where they can share it (the usual copy
 * of one layer), else one op each. Keras flips the backward layer's sequence before merging, which
 * puts it back in input order when that layer reads backwards, as ONNX returns it. A mask is applied
 * to both directions over the same compacted steps; `initial_state` (or the inputs after the sequence)
 * holds the forward layer's states, then the backward one's.
 */
const BIDIRECTIONAL_LOWERING: Lowering<BidirectionalConfig> = {
  className: 'Bidirectional',
  tensorKwargs: ['initial_state'],
  appliesMasks: true,
  unsupported(call) {
    const directions = [recurrentLayer(call.config.layer), recurrentLayer(call.config.backward_layer!)];
    return recurrentUnsupported(directions[0]!) ?? recurrentUnsupported(directions[1]!) ?? initialStateUnsupported(call, directions);
  },
  lower(g, call, inputs, { masks: [mask], kwargs }) {
    const forward = recurrentLayer(call.config.layer);
    const backward = recurrentLayer(call.config.backward_layer!);
    const want = { sequences: forward.config.return_sequences, states: forward.config.return_state };
    const x = inputs[0]!;
    const compacted = mask && compactSteps(g, x, mask);
    const states = initialStates(inputs, kwargs);
    const half = states.length / 2;
    const perDirection = states.length > 0 ? [states.slice(0, half), states.slice(half)] : undefined;
    const run = (layers: RecurrentLayer[], direction: 'forward' | 'reverse' | 'bidirectional', initialStates?: Value[][]) =>
      directionOutputs(g, recurrentNode(g, layers, compacted?.x ?? x, direction, { lengths: compacted?.lengths, initialStates }), layers, want, compacted);
    const [f, b] =
      !forward.config.go_backwards && sameOp(forward, backward)
        ? run([forward, backward], 'bidirectional', perDirection)
        : [forward, backward].map((l, d) => run([l], l.config.go_backwards ? 'reverse' : 'forward', perDirection && [perDirection[d]!])[0]!);
    const y = want.sequences && forward.config.go_backwards ? reverseTime(g, f!.output) : f!.output;
    const yRev = want.sequences && !backward.config.go_backwards ? reverseTime(g, b!.output) : b!.output;
    const merged = call.config.merge_mode === null ? [y, yRev] : [MERGES[call.config.merge_mode](g, y, yRev)];
    return [...merged, ...f!.states, ...b!.states];
  },
};

/**
 * The wrapped layer or model once over all steps at a time: (batch, steps, ...) is reshaped to
 * (batch * steps, ...) and back, which is what applying it to each step computes. A mask is reshaped
 * alike, as Keras hands each step's slice of it to the wrapped layer.
 */
const TIME_DISTRIBUTED_LOWERING: Lowering<TimeDistributedConfig> = {
  className: 'TimeDistributed',
  appliesMasks: true,
  unsupported(call) {
    const [input, ...outputs] = [call.inputs[0]!, ...call.outputs];
    if ([input, ...outputs].some((t) => t.shape.slice(2).includes(null))) return 'steps of a shape unknown before running (None beyond the time axis) are not lowered yet';
    // Keras passes the input's mask on unchanged, which then no longer matches an output of another rank.
    if (call.masked?.[0] && outputs[0]!.shape.length !== input.shape.length) return 'a Keras mask passed on to an output of another rank is not lowered';
    return undefined;
  },
  lower(g, call, [x], { masks: [mask] }) {
    const { shape, dtype } = call.inputs[0]!;
    const step = shape.slice(2) as number[];
    const merged = (value: Value, rest: number[]) => g.op('Reshape', [value, g.int64s([-1, ...rest])]);
    const stepMask = mask && merged(mask, step.slice(0, -1));
    const outputs = lowerWrapped(g, call.config.layer, [merged(x!, step)], [{ shape: [null, ...step], dtype }], [stepMask]);
    const steps = shape[1];
    // Without a known step count, (batch, steps) come from the input at run time.
    const leading = steps === null ? g.op('Slice', [g.op('Shape', [x!]), g.int64s([0]), g.int64s([2])]) : undefined;
    const unmerged = (rest: number[]) => (leading ? g.op('Concat', [leading, g.int64s(rest)], { axis: 0 }) : g.int64s([-1, steps!, ...rest]));
    return outputs.map((y, i) => g.op('Reshape', [y, unmerged(call.outputs[i]!.shape.slice(2) as number[])]));
  },
};

export const WRAPPER_LOWERINGS = [BIDIRECTIONAL_LOWERING, TIME_DISTRIBUTED_LOWERING];
