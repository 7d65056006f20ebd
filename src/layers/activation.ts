import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import { checkActivation, onlyInput, type Activation as ActivationFunction } from './common.js';

export interface ActivationConfig {
  activation: ActivationFunction;
}

/** Applies a named activation element-wise. */
export const Activation = layerFactory<ActivationConfig, [activation: ActivationFunction]>({
  className: 'Activation',
  defaults: { activation: 'linear' },
  positional: ['activation'],
  required: ['activation'],
  normalize(c) {
    if (c.activation === null) throw new KerasBridgeError('INVALID_ARGUMENT', 'the activation must not be None.');
    checkActivation(c.activation);
    return c;
  },
  outputSpecs: (_c, inputs) => [onlyInput(inputs)],
  computeMask: keepMask,
});
