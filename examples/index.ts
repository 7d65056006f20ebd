// Every example of the Keras functional API guide, ported to TypeScript, by fixture name.
import { convShapes } from './conv-shapes.js';
import { inception } from './inception.js';
import { mlp } from './mlp.js';
import { multiIo } from './multi-io.js';
import { nodes } from './nodes.js';
import { residual } from './residual.js';
import { sharedLstm } from './shared-lstm.js';
import { sharedVision } from './shared-vision.js';
import { vqa } from './vqa.js';

export const SEED_EXAMPLES = {
  mlp,
  'multi-io': multiIo,
  'shared-lstm': sharedLstm,
  nodes,
  'conv-shapes': convShapes,
  inception,
  residual,
  'shared-vision': sharedVision,
  vqa,
} as const;
