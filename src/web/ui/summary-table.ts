import type { ModelJson } from '../../cli/model-report.js';

const shapeText = (shape: readonly (number | null)[]) => `(${shape.map((d) => d ?? 'None').join(', ')})`;
const count = (n: number) => n.toLocaleString('en-US');

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

/** Keras' summary table as HTML: one row per layer, its output shape, parameters and the calls it consumed. */
export function renderSummary(table: HTMLTableElement, model: ModelJson): void {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const title of ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']) head.appendChild(document.createElement('th')).textContent = title;
  const body = table.createTBody();
  for (const layer of model.layers) {
    const row = body.insertRow();
    row.dataset.layer = layer.name;
    cell(row, `${layer.name} (${layer.className})`);
    cell(row, layer.outputShapes.map(shapeText).join(', ') || '?');
    cell(row, count(layer.params), 'number');
    cell(row, layer.inboundNodes.flat().map(([name, node, tensor]) => `${name}[${node}][${tensor}]`).join(', ') || '-');
  }
  const foot = table.createTFoot();
  const totals: [string, number][] = [
    ['Total params', model.totalParams],
    ['Trainable params', model.trainableParams],
    ['Non-trainable params', model.totalParams - model.trainableParams],
  ];
  for (const [label, value] of totals) {
    const row = foot.insertRow();
    row.dataset.total = label;
    const th = row.appendChild(document.createElement('th'));
    th.colSpan = 2;
    th.textContent = label;
    cell(row, count(value), 'number');
    cell(row, '');
  }
}
