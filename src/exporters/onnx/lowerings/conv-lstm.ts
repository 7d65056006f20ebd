import type { ConvLSTMConfig } from '../../../layers/conv-lstm.js';
import type { Lowering, Value } from '../graph.js';
import { activation, activationUnsupported } from './activations.js';
import { channelsFirstKernel, convAttributes } from './conv.js';
import { inChannelsFirst } from './layout.js';

/**
 * Keras' ConvLSTMCell (keras/src/layers/rnn/conv_lstm.py) unrolled over the time steps, which ONNX has
 * no op for. The input convolution of every step is one Conv over batch·time; each step then adds the
 * recurrent convolution of h (stride 1, 'same', no dilation) and splits the 4·filters channels into the
 * i, f, c, o gates, in Keras' kernel order. States start at zero, so the first step has no recurrent
 * term and no forget product. go_backwards walks the steps from the last and, as Keras, emits the
 * sequence in that walking order.
 */
function convLSTMLowering(rank: 1 | 2 | 3): Lowering<ConvLSTMConfig> {
  return {
    className: `ConvLSTM${rank}D`,
    unsupported(call) {
      const c = call.config;
      if (call.inputs[0]!.shape[1] === null) return 'an unknown number of time steps needs an ONNX Loop, which lowerings cannot build yet';
      if (call.inputs.length > 1) return 'initial_state inputs are not lowered yet';
      if (c.stateful) return 'stateful=True carries states between calls, which an ONNX graph does not';
      return activationUnsupported(c.activation) ?? activationUnsupported(c.recurrent_activation);
    },
    lower(g, call, [x]) {
      const c = call.config;
      const input = call.inputs[0]!.shape;
      const steps = input[1]!;
      const first = call.outputs[0]!.shape;
      const state = c.return_sequences ? [first[0]!, ...first.slice(2)] : first;
      const gateAxis = c.data_format === 'channels_last' ? rank + 1 : 1;
      const gates = state.slice(1).map((d, i) => (i + 1 === gateAxis ? 4 * c.filters : d!));
      const convolve = (v: Value, kernel: Value, bias: Value | undefined, attributes: ReturnType<typeof convAttributes>) =>
        inChannelsFirst(g, v, rank + 2, c.data_format, (vf) => g.op('Conv', [vf, kernel, bias], attributes));

      const kernel = channelsFirstKernel(g, call.weights.kernel!, call.name);
      const bias = c.use_bias ? g.weight(call.weights.bias!) : undefined;
      const everyStep = g.op('Reshape', [x!, g.int64s([-1, ...input.slice(2).map((d) => d!)])]);
      const inputGates = convolve(everyStep, kernel, bias, convAttributes(c, [input[0]!, ...input.slice(2)], 1));
      const byStep = g.op('Reshape', [inputGates, g.int64s([-1, steps, ...gates])]);

      const recurrentKernel = channelsFirstKernel(g, call.weights.recurrent_kernel!, call.name);
      const ones = Array<number>(rank).fill(1);
      const recurrentWindow = { kernel_size: c.kernel_size, strides: ones, dilation_rate: ones, padding: 'same', data_format: c.data_format } as const;
      const recurrentAttributes = convAttributes(recurrentWindow, state, 1);
      const split = g.int64s(Array<number>(4).fill(c.filters));
      const gate = (z: Value) => activation(g, c.recurrent_activation, z);

      const order = Array.from({ length: steps }, (_, t) => (c.go_backwards ? steps - 1 - t : t));
      const hs: Value[] = [];
      let h: Value | undefined;
      let carry: Value | undefined;
      for (const t of order) {
        const xt = g.op('Gather', [byStep, g.constant({ dtype: 'int64', dims: [], data: BigInt64Array.of(BigInt(t)) })], { axis: 1 });
        const z = h ? g.op('Add', [xt, convolve(h, recurrentKernel, undefined, recurrentAttributes)]) : xt;
        const [zi, zf, zc, zo] = g.op('Split', [z, split], { axis: gateAxis }, 4) as [Value, Value, Value, Value];
        const candidate = g.op('Mul', [gate(zi), activation(g, c.activation, zc)]);
        carry = carry ? g.op('Add', [g.op('Mul', [gate(zf), carry]), candidate]) : candidate;
        h = g.op('Mul', [gate(zo), activation(g, c.activation, carry)]);
        hs.push(h);
      }
      const output = c.return_sequences ? g.op('Concat', hs.map((ht) => g.unsqueeze(ht, [1])), { axis: 1 }) : h!;
      return c.return_state ? [output, h!, carry!] : [output];
    },
  };
}

export const CONV_LSTM_LOWERINGS = [convLSTMLowering(1), convLSTMLowering(2), convLSTMLowering(3)];
