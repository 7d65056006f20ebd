import { CELL_FONT_SIZE, TITLE_FONT_SIZE, type TextRun } from './box-geometry.js';
import { edgePath } from './edge-path.js';
import { escapeXml, svgNumber as num } from './svg-values.js';
import { textWidth } from './text-width.js';
import { CLUSTER_FONT_SIZE, type PlacedBox, type PlacedCluster, type PlacedEdge, type PlotLayout } from './layout.js';

// Text is centred on a line by its x-height, about a third of the font size below the middle.
const baseline = (middle: number, fontSize: number) => num(middle + fontSize * 0.35);

function runs(textRuns: readonly TextRun[]): string {
  return textRuns.map((r) => (r.bold ? `<tspan font-weight="bold">${escapeXml(r.text)}</tspan>` : escapeXml(r.text))).join('');
}

function box({ box: { id, label }, geometry, x, y, width, height }: PlacedBox): string {
  const name = label.name === undefined ? '' : ` data-layer="${escapeXml(label.name)}"`;
  const tooltip = [geometry.title, ...geometry.cells.map((c) => c.runs)].map((line) => line.map((r) => r.text).join('')).join('\n');
  const cellsTop = geometry.titleHeight;
  const cellMiddle = (cellsTop + height) / 2;
  const cells = geometry.cells.map(
    (cell) =>
      `<rect x="${num(cell.x)}" y="${cellsTop}" width="${num(cell.width)}" height="${num(height - cellsTop)}" fill="#fff" stroke="#000"/>` +
      `<text x="${num(cell.x + cell.width / 2)}" y="${baseline(cellMiddle, CELL_FONT_SIZE)}" font-size="${CELL_FONT_SIZE}" text-anchor="middle">${runs(cell.runs)}</text>`,
  );
  return (
    `<g class="box" data-id="${id}"${name} data-class="${escapeXml(label.className)}" transform="translate(${num(x)},${num(y)})">` +
    `<title>${escapeXml(tooltip)}</title>` +
    `<rect width="${num(width)}" height="${num(geometry.titleHeight)}" fill="#000" stroke="#000"/>` +
    `<text x="${num(width / 2)}" y="${baseline(geometry.titleHeight / 2, TITLE_FONT_SIZE)}" font-size="${TITLE_FONT_SIZE}" fill="#fff" text-anchor="middle">${runs(geometry.title)}</text>` +
    `${cells.join('')}</g>`
  );
}

// The model's name sits on the cluster's top border, over a white patch as a fieldset legend does: dagre
// leaves no room for a label inside, and the border's gap to the first boxes is as narrow as 17 px.
function cluster({ cluster: { id, name }, x, y, width, height }: PlacedCluster): string {
  const legendWidth = textWidth(name, CLUSTER_FONT_SIZE) + 8;
  return (
    `<g class="cluster" data-id="${id}" data-model="${escapeXml(name)}">` +
    `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" rx="6" fill="none" stroke="#666" stroke-dasharray="6 4"/>` +
    `<rect x="${num(x + 8)}" y="${num(y - CLUSTER_FONT_SIZE / 2 - 2)}" width="${legendWidth}" height="${CLUSTER_FONT_SIZE + 4}" fill="#fff"/>` +
    `<text x="${num(x + 12)}" y="${baseline(y, CLUSTER_FONT_SIZE)}" font-size="${CLUSTER_FONT_SIZE}" fill="#444">${escapeXml(name)}</text></g>`
  );
}

function edge({ edge: { from, to }, points }: PlacedEdge): string {
  const { line, arrow } = edgePath(points);
  return `<g class="edge" data-from="${from}" data-to="${to}"><path d="${line}" fill="none"/><path d="${arrow}" fill="#333" stroke="none"/></g>`;
}

/** Standalone SVG markup for a laid-out plot: clusters under edges under boxes. */
export function renderSvg(layout: PlotLayout, title: string): string {
  const { width, height } = layout;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<g class="clusters">${layout.clusters.map(cluster).join('')}</g>`,
    `<g class="edges" stroke="#333" stroke-width="2">${layout.edges.map(edge).join('')}</g>`,
    `<g class="boxes">${layout.boxes.map(box).join('\n')}</g>`,
    '</svg>',
  ].join('\n');
}
