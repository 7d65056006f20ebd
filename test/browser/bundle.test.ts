// What the builds hold and what the page downloads: no Node module is imported from any bundle, and the
// heavy parts (TypeScript's printer for codegen, onnxruntime-web's WebGPU build) load only when used.
import { readdirSync, readFileSync } from 'node:fs';
import { init, parse } from 'es-module-lexer';
import { expect, test } from 'vitest';
import { openPage, pickFiles, press } from './page-driver.mjs';
import { root, useBrowser } from './use-browser.js';

const { dependencies } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> };

/** Every module specifier written in the built files of a folder (dynamic imports of computed URLs have none). */
async function specifiers(dir: string): Promise<Map<string, string[]>> {
  await init;
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => [file, parse(readFileSync(`${dir}/${file}`, 'utf8'))[0].flatMap((i) => (i.n === undefined ? [] : [i.n]))]),
  );
}

test('the page bundle imports only its own files', async () => {
  const found = await specifiers(`${root}dist/web/assets`);
  expect(found.size).toBeGreaterThan(3);
  for (const [file, names] of found) expect(names.filter((n) => !n.startsWith('./')), file).toEqual([]);
});

test("the library's browser build imports only its own files and the package's browser dependencies", async () => {
  const allowed = Object.keys(dependencies).filter((name) => name !== 'onnxruntime-node');
  const found = await specifiers(`${root}dist/browser`);
  const imported = [...found.values()].flat().filter((n) => !n.startsWith('./'));
  expect(imported.filter((n) => !allowed.some((name) => n === name || n.startsWith(`${name}/`)))).toEqual([]);
  expect(imported).toEqual(expect.arrayContaining(['h5wasm', 'onnxruntime-web/wasm']));
});

const chromium = useBrowser();

test('TypeScript (codegen) and the WebGPU build are fetched only when asked for', async () => {
  const { page } = await openPage(chromium.browser, chromium.plain.url);
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname.split('/').pop()!));
  await pickFiles(page, [`${root}fixtures/models/cnn/model.h5`]);
  await press(page, '#predict-button');
  const heavy = (names: string[]) => names.filter((n) => /^(ts-morph|ort\.webgpu|ort-wasm-simd-threaded\.asyncify)/.test(n));
  expect(fetched.filter((n) => n.endsWith('.wasm'))).toEqual([expect.stringMatching(/^ort-wasm-simd-threaded-[\w-]+\.wasm$/)]);
  expect(heavy(fetched)).toEqual([]);
  await press(page, '#codegen-button');
  expect(heavy(fetched)).toEqual([expect.stringMatching(/^ts-morph-[\w-]+\.js$/)]);
});
