// keras/src/layers/reshaping/{zero_padding,cropping,up_sampling}{1,2,3}d.py: the spatial axes change
// size, the batch and channel axes pass through, so none of these needs a layout change.
import type { CroppingConfig, UpSampling2DConfig, ZeroPaddingConfig } from '../../../layers/spatial-reshaping.js';
import type { DataFormat } from '../../../layers/common.js';
import type { LayerCall, Lowering } from '../graph.js';
import { float32Tensor } from '../tensor-data.js';
import { spatialAxes } from './layout.js';

type Rank = 1 | 2 | 3;
/** UpSampling1D and 3D only repeat ('nearest'); UpSampling1D is always channels-last. */
type UpSamplingConfig = Pick<UpSampling2DConfig, 'size'> & Partial<Pick<UpSampling2DConfig, 'data_format' | 'interpolation'>>;
const formatOf = (config: object): DataFormat => (config as { data_format?: DataFormat }).data_format ?? 'channels_last';
const rankOf = (call: LayerCall<object>) => call.inputs[0]!.shape.length;
/** The 1-D layers keep one `(before, after)` pair; the 2-D and 3-D ones one per axis. */
const pairsOf = (value: unknown, rank: Rank) => (rank === 1 ? [value as number[]] : (value as number[][]));

function zeroPaddingLowering(rank: Rank): Lowering<ZeroPaddingConfig> {
  return {
    className: `ZeroPadding${rank}D`,
    lower(g, call, [x]) {
      const pads = Array<number>(2 * rankOf(call)).fill(0);
      spatialAxes(rankOf(call), formatOf(call.config)).forEach((axis, i) => {
        [pads[axis], pads[axis + rankOf(call)]] = pairsOf(call.config.padding, rank)[i]!;
      });
      return [g.op('Pad', [x!, g.int64s(pads)])];
    },
  };
}

function croppingLowering(rank: Rank): Lowering<CroppingConfig> {
  return {
    className: `Cropping${rank}D`,
    lower(g, call, [x]) {
      const axes = spatialAxes(rankOf(call), formatOf(call.config));
      const pairs = pairsOf(call.config.cropping, rank);
      // An end of -after counts from the axis' end; cropping nothing after needs an end past it.
      const ends = pairs.map(([, after]) => (after! > 0 ? -after! : Number.MAX_SAFE_INTEGER));
      return [g.op('Slice', [x!, g.int64s(pairs.map(([before]) => before!)), g.int64s(ends), g.int64s(axes)])];
    },
  };
}

/**
 * 'nearest' is Keras' `ops.repeat` along each axis, which a floor-rounded asymmetric Resize by the
 * integer factors reproduces; 'bilinear' is tf.image.resize, which samples at half-pixel centres.
 */
function upSamplingLowering(rank: Rank): Lowering<UpSamplingConfig> {
  return {
    className: `UpSampling${rank}D`,
    unsupported: (call) =>
      [undefined, 'nearest', 'bilinear'].includes(call.config.interpolation) ? undefined : `interpolation '${call.config.interpolation}' is not lowered yet`,
    lower(g, call, [x]) {
      const scales = Array<number>(rankOf(call)).fill(1);
      const sizes = typeof call.config.size === 'number' ? [call.config.size] : call.config.size;
      spatialAxes(rankOf(call), formatOf(call.config)).forEach((axis, i) => (scales[axis] = sizes[i]!));
      const attributes =
        call.config.interpolation === 'bilinear'
          ? { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }
          : { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' };
      return [g.op('Resize', [x!, undefined, g.constant(float32Tensor(scales))], attributes)];
    },
  };
}

const RANKS = [1, 2, 3] as const;
export const SPATIAL_RESHAPING_LOWERINGS = RANKS.flatMap((rank) => [zeroPaddingLowering(rank), croppingLowering(rank), upSamplingLowering(rank)]);
