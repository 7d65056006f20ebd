import type { Functional } from './functional.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';
import type { DType } from './shape.js';
import type { LayerOutput } from './tensor.js';
import type { Weight } from './weight.js';

export interface SummaryOptions {
  /** Total width; Keras' defaults are 88 for layer stacks and 108 for graphs. */
  lineLength?: number;
  printFn?: (text: string) => void;
}

type AnyLayer = Layer<LayerOutput>;

const DTYPE_BITS: Record<DType, number> = {
  float16: 16, bfloat16: 16, float32: 32, float64: 64, int8: 8, int16: 16, int32: 32, int64: 64,
  uint8: 8, uint16: 16, uint32: 32, uint64: 64, bool: 8, string: 8,
};

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Rich's `ratio_reduce`, which Keras' summary table relies on to fit its columns. */
function ratioReduce(total: number, values: number[]): number[] {
  let remaining = total;
  let ratio = values.length;
  return values.map((value) => {
    const distributed = Math.min(value, roundHalfEven(remaining / ratio));
    remaining -= distributed;
    ratio -= 1;
    return value - distributed;
  });
}

/** Greedy word wrap with an ellipsis on words too long for the cell, as Rich renders Keras' cells. */
function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/\S+\s*/g) ?? ['']) {
    if (line && (line + word).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
  }
  lines.push(line.trimEnd());
  return lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}

function formatDims(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : d)).join(', ')})`;
}

/** The output shape Keras shows: that of the layer's last call. */
function layerShape(layer: AnyLayer): string {
  const node = layer.inboundNodes[layer.inboundNodes.length - 1];
  if (!node) return '?';
  const shapes = node.outputTensors.map((t) => formatDims(t.shape));
  return shapes.length === 1 ? shapes[0]! : `[${shapes.join(', ')}]`;
}

function memorySize(weights: readonly Weight[]): string {
  let bytes = [...new Set(weights)].reduce((sum, w) => sum + (w.size * DTYPE_BITS[w.dtype]) / 8, 0);
  for (const unit of ['B', 'KB', 'MB', 'GB', 'TB']) {
    if (bytes / 1024 < 1) return `${bytes.toFixed(2)} ${unit}`;
    bytes /= 1024;
  }
  return `${bytes.toFixed(2)} PB`;
}

/** Keras' test: a graph reads as a plain stack when each depth holds one single-input node. */
function isSequentialLike(model: Functional): boolean {
  if (model.className === 'Sequential') return true;
  const nodes: Node[] = [];
  for (const depthNodes of model.nodesByDepth.values()) {
    if (depthNodes.length > 1 || (depthNodes.length === 1 && depthNodes[0]!.dependencies.length > 1)) return false;
    nodes.push(...depthNodes);
  }
  return model.layers.every((layer) => layer.inboundNodes.filter((n) => nodes.includes(n)).length <= 1);
}

function connections(model: Functional, layer: AnyLayer): string {
  const parts = layer.inboundNodes
    .filter((node) => model.ownsNode(node))
    .flatMap((node) => node.dependencies.map((t) => `${t.history.layer.name}[${t.history.nodeIndex}][${t.history.tensorIndex}]`));
  return parts.length ? parts.join(', ') : '-';
}

/**
 * A count with thousands separators, as Keras prints them (1,234,567). Not `toLocaleString`: its first call
 * loads the ICU locale data, 14 ms of a `kerasbridge convert` that prints one count.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function paramCell(layer: AnyLayer): string {
  return layer.built ? formatCount(layer.countParams()) : '0 (unbuilt)';
}

/** Renders `model.summary()` in Keras 3's layout: rows, shapes, parameter counts and totals. */
export function formatSummary(model: Functional, options: SummaryOptions = {}): string {
  const sequentialLike = isSequentialLike(model);
  const positions = sequentialLike ? [0.45, 0.8, 1.0] : [0.3, 0.56, 0.74, 1.0];
  const lineLength = options.lineLength ?? (sequentialLike ? 88 : 108);
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'].slice(0, positions.length);
  const rightAligned = [false, false, true, false];
  let previous = 0;
  const declared = positions.map((p) => {
    const width = Math.floor(p * lineLength) - previous;
    previous += width;
    return width + 2;
  });
  const excess = declared.reduce((a, b) => a + b, 0) - (lineLength - (positions.length + 1));
  const widths = (excess > 0 ? ratioReduce(excess, declared) : declared).map((w) => w - 2);

  const renderRow = (cells: string[]): string[] => {
    const wrapped = cells.map((cell, i) => wrapCell(cell, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, r) =>
      `│ ${wrapped.map((w, i) => {
        const text = w[r] ?? '';
        return rightAligned[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      }).join(' │ ')} │`,
    );
  };
  const rule = (left: string, fill: string, mid: string, right: string) =>
    left + widths.map((w) => fill.repeat(w + 2)).join(mid) + right;

  // Keras lists a Sequential's layers (its InputLayer is not one) and a functional model's operations.
  const listed = model.className === 'Sequential' ? model.layers : model.operations;
  const rows = listed.map((layer) => {
    const cells = [`${layer.name} (${layer.className})`, layerShape(layer), paramCell(layer)];
    if (!sequentialLike) cells.push(connections(model, layer));
    return renderRow(cells);
  });
  const headerLine = `┃ ${header.map((h, i) => (rightAligned[i] ? h.padStart(widths[i]!) : h.padEnd(widths[i]!))).join(' ┃ ')} ┃`;
  const trainable = model.trainableWeights;
  const nonTrainable = model.nonTrainableWeights;
  const count = (ws: readonly Weight[]) => [...new Set(ws)].reduce((s, w) => s + w.size, 0);
  return [
    `Model: "${model.name}"`,
    rule('┏', '━', '┳', '┓'),
    headerLine,
    rule('┡', '━', '╇', '┩'),
    ...rows.flatMap((row, i) => (i === 0 ? row : [rule('├', '─', '┼', '┤'), ...row])),
    rule('└', '─', '┴', '┘'),
    ` Total params: ${formatCount(count(trainable) + count(nonTrainable))} (${memorySize([...trainable, ...nonTrainable])})`,
    ` Trainable params: ${formatCount(count(trainable))} (${memorySize(trainable)})`,
    ` Non-trainable params: ${formatCount(count(nonTrainable))} (${memorySize(nonTrainable)})`,
  ].join('\n');
}
