import type { BoxLabel } from './box-label.js';
import { textWidth } from './text-width.js';

export const TITLE_FONT_SIZE = 13;
export const CELL_FONT_SIZE = 11;
const TITLE_HEIGHT = 28;
const CELL_HEIGHT = 24;
const PADDING = 10;

/** A run of text drawn plain or bold, as in Keras' labels (`<b>name</b> (Class)`). */
export interface TextRun {
  readonly text: string;
  readonly bold: boolean;
}

/** One cell of the shapes row, at `x` from the box's left edge. */
export interface Cell {
  readonly x: number;
  readonly width: number;
  readonly runs: readonly TextRun[];
}

export interface BoxGeometry {
  readonly width: number;
  readonly height: number;
  readonly titleHeight: number;
  readonly title: readonly TextRun[];
  readonly cells: readonly Cell[];
}

const runsWidth = (runs: readonly TextRun[], fontSize: number) => runs.reduce((sum, r) => sum + textWidth(r.text, fontSize, r.bold), 0);

/**
 * Keras' table layout: the title row over one row of cells (input shape, output shape), the cells
 * sharing out whatever width the title needs beyond theirs.
 */
export function boxGeometry(label: BoxLabel): BoxGeometry {
  const title: TextRun[] = label.name === undefined
    ? [{ text: label.className, bold: true }]
    : [{ text: label.name, bold: true }, { text: ` (${label.className})`, bold: false }];
  const cellRuns: TextRun[][] = [];
  if (label.inputShape !== undefined) cellRuns.push([{ text: 'Input shape: ', bold: false }, { text: label.inputShape, bold: true }]);
  if (label.outputShape !== undefined) cellRuns.push([{ text: 'Output shape: ', bold: false }, { text: label.outputShape, bold: true }]);
  const cellWidths = cellRuns.map((runs) => runsWidth(runs, CELL_FONT_SIZE) + 2 * PADDING);
  const width = Math.max(runsWidth(title, TITLE_FONT_SIZE) + 2 * PADDING, cellWidths.reduce((a, b) => a + b, 0));
  const spare = cellWidths.length ? (width - cellWidths.reduce((a, b) => a + b, 0)) / cellWidths.length : 0;
  let x = 0;
  const cells = cellRuns.map((runs, i) => {
    const cell = { x, width: cellWidths[i]! + spare, runs };
    x += cell.width;
    return cell;
  });
  return { width, height: TITLE_HEIGHT + (cells.length ? CELL_HEIGHT : 0), titleHeight: TITLE_HEIGHT, title, cells };
}
