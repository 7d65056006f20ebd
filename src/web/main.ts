// The page: picks or drops files, asks the worker for the work, and shows each result as it arrives.
import type { ExecutionProvider } from '../browser.js';
import type { Converted, OpenedModel, Progress } from './protocol.js';
import { formatBytes, formatMs, offerDownload } from './ui/downloads.js';
import { renderSummary } from './ui/summary-table.js';
import { WorkerClient, WorkerFailure } from './worker-client.js';

const OPSETS = [13, 14, 15, 16, 17, 18, 19, 20, 21];
const DEFAULT_OPSET = 18;
/** `?threads=N` in the page's address sets onnxruntime-web's WebAssembly threads; by default it chooses. */
const THREADS = Number(new URLSearchParams(location.search).get('threads')) || undefined;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const worker = new WorkerClient(new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' }));

const progressBox = element<HTMLDivElement>('progress');
const errorBox = element<HTMLDivElement>('error');
const controls = [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('button, input, select')];
let working = false;

function showProgress(progress: Progress | undefined): void {
  progressBox.hidden = progress === undefined;
  if (progress === undefined) return;
  const bar = progressBox.querySelector('progress')!;
  const known = progress.total !== undefined && progress.total > 0;
  if (known) bar.value = progress.done! / progress.total!;
  else bar.removeAttribute('value');
  progressBox.querySelector('span')!.textContent = known ? `${progress.stage}: ${formatBytes(progress.done!)} of ${formatBytes(progress.total!)}` : `${progress.stage}…`;
}

/** Runs one piece of work with the controls disabled, the progress shown and any failure in plain words. */
async function busy<T>(work: (progress: (p: Progress) => void) => Promise<T>): Promise<T | undefined> {
  working = true;
  errorBox.hidden = true;
  for (const control of controls) control.disabled = true;
  try {
    return await work(showProgress);
  } catch (error) {
    errorBox.textContent = error instanceof WorkerFailure && error.code ? `${error.message}\n(${error.code})` : (error as Error).message;
    errorBox.hidden = false;
    return undefined;
  } finally {
    showProgress(undefined);
    for (const control of controls) control.disabled = false;
    working = false;
  }
}

function showWarnings(warnings: readonly string[]): void {
  element<HTMLUListElement>('warnings').replaceChildren(
    ...warnings.map((text) => Object.assign(document.createElement('li'), { textContent: text })),
  );
}

function showModel(opened: OpenedModel): void {
  element('model-name').textContent = opened.model.name;
  const facts: [string, string][] = [
    ['file', opened.fileName],
    ['format', opened.format],
    ['Keras version', opened.kerasVersion ?? 'not recorded'],
    ['backend', opened.backend ?? 'not recorded'],
    ['class', opened.model.className],
    ['parameters', opened.model.totalParams.toLocaleString('en-US')],
    ['imported in', formatMs(opened.ms)],
  ];
  element('facts').replaceChildren(
    ...facts.flatMap(([term, value]) => [
      Object.assign(document.createElement('dt'), { textContent: term }),
      Object.assign(document.createElement('dd'), { textContent: value }),
    ]),
  );
  // Exact milliseconds for scripts (bench/browser.mjs); the text shows them rounded.
  element('facts').dataset.ms = String(opened.ms);
  renderSummary(element('summary'), opened.model);
  for (const id of ['onnx-link', 'inputs-link', 'outputs-link', 'ts-link']) element(id).hidden = true;
  for (const id of ['convert-result', 'predict-timing', 'predict-result', 'codegen-result']) element(id).textContent = '';
  element('loaded').hidden = false;
}

/** The drawing with the options the checkboxes say. */
async function redraw(progress: (p: Progress) => void): Promise<void> {
  const showShapes = element<HTMLInputElement>('show-shapes').checked;
  const expandNested = element<HTMLInputElement>('expand-nested').checked;
  const drawing = await worker.call({ kind: 'draw', showShapes, expandNested }, progress);
  element('drawing').innerHTML = drawing.svg;
}

async function open(files: File[]): Promise<void> {
  // A file dropped while other work runs waits for the user to drop it again: one piece of work at a time.
  if (files.length === 0 || working) return;
  // A file that fails to open leaves only its error on the page, not the previous model under it.
  element('loaded').hidden = true;
  await busy(async (progress) => {
    const opened = await worker.call({ kind: 'open', files }, progress);
    showWarnings(opened.warnings);
    showModel(opened);
    await redraw(progress);
  });
}

async function convert(): Promise<void> {
  const opset = Number(element<HTMLSelectElement>('opset').value);
  const converted = await busy((progress) => worker.call({ kind: 'convert', opset }, progress));
  if (converted) showConverted(converted);
}

function showConverted(converted: Converted): void {
  element('convert-result').dataset.ms = String(converted.ms);
  element('convert-result').textContent = `ONNX opset ${converted.opset}, ${formatBytes(converted.onnx.length)}, converted in ${formatMs(converted.ms)}.`;
  offerDownload(element('onnx-link'), converted.onnx, converted.fileName, 'application/octet-stream');
}

async function predict(): Promise<void> {
  const provider = element<HTMLSelectElement>('provider').value as ExecutionProvider;
  const fromFiles = document.querySelector<HTMLInputElement>('input[name="input-kind"]:checked')!.value === 'files';
  const input = fromFiles
    ? { kind: 'files' as const, files: [...(element<HTMLInputElement>('input-files').files ?? [])] }
    : { kind: 'random' as const, seed: Number(element<HTMLInputElement>('seed').value), batch: Number(element<HTMLInputElement>('batch').value) };
  const predicted = await busy((progress) => worker.call({ kind: 'predict', provider, input, threads: THREADS }, progress));
  if (!predicted) return;
  if (predicted.converted) showConverted(predicted.converted);
  const where = predicted.provider === 'wasm' ? `WebAssembly, ${predicted.threads} thread${predicted.threads > 1 ? 's' : ''}` : 'WebGPU';
  const opening = predicted.sessionMs > 0 ? `session opened in ${formatMs(predicted.sessionMs)}, ` : '';
  element('predict-timing').dataset.ms = String(predicted.predictMs);
  element('predict-timing').textContent = `On ${where}: ${opening}prediction in ${formatMs(predicted.predictMs)}.`;
  element('predict-result').textContent = predicted.description;
  showWarnings(predicted.warnings);
  offerDownload(element('inputs-link'), predicted.inputsNpz, 'inputs.npz', 'application/octet-stream');
  offerDownload(element('outputs-link'), predicted.outputsNpz, 'outputs.npz', 'application/octet-stream');
}

async function codegen(): Promise<void> {
  const generated = await busy((progress) => worker.call({ kind: 'codegen' }, progress));
  if (!generated) return;
  element('codegen-result').textContent = `${generated.text.split('\n').length} lines, generated in ${formatMs(generated.ms)}.`;
  offerDownload(element('ts-link'), generated.text, generated.fileName, 'text/plain');
}

function setUp(): void {
  element<HTMLSelectElement>('opset').replaceChildren(
    ...OPSETS.map((opset) => Object.assign(document.createElement('option'), { value: String(opset), textContent: String(opset), selected: opset === DEFAULT_OPSET })),
  );
  const picker = element<HTMLInputElement>('files');
  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])];
    picker.value = ''; // so that picking the same file again opens it again
    void open(files);
  });
  const drop = element('drop');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    void open([...(event.dataTransfer?.files ?? [])]);
  });
  for (const id of ['show-shapes', 'expand-nested']) element(id).addEventListener('change', () => void busy(redraw));
  element('convert-button').addEventListener('click', () => void convert());
  element('predict-button').addEventListener('click', () => void predict());
  element('codegen-button').addEventListener('click', () => void codegen());
  element('input-files').addEventListener('change', () => (document.querySelector<HTMLInputElement>('input[name="input-kind"][value="files"]')!.checked = true));
  const threads = crossOriginIsolated ? 'cross-origin isolated, so WebAssembly can use several threads' : 'not cross-origin isolated (no COOP/COEP headers), so WebAssembly runs on one thread';
  const webGpu = 'gpu' in navigator ? 'WebGPU can be picked (without a GPU adapter it falls back to WebAssembly)' : 'this browser has no WebGPU';
  element('environment').textContent = `This page is ${threads}; ${webGpu}.`;
}

setUp();
