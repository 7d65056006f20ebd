// Before the real-browser tests: Debian's Chromium (apt-get installs it on a fresh machine; Playwright's own
// browser download cannot run here), then fresh builds of the library's browser bundle, the page, and the
// import harness that consumes the bundle as an application would.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { CHROMIUM } from './chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  console.log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing.`);
}

export default async function setup(): Promise<void> {
  ensureChromium();
  await build({ configFile: `${root}vite.lib.config.ts`, logLevel: 'warn' });
  await build({ configFile: `${root}vite.web.config.ts`, logLevel: 'warn' });
  // The harness imports 'kerasbridge' from dist/browser, bundled by Vite's defaults as in a user's app.
  await build({
    configFile: false,
    root: `${root}test/browser/harness`,
    base: './',
    logLevel: 'error',
    resolve: { alias: { kerasbridge: `${root}dist/browser/kerasbridge.js` } },
    build: { outDir: `${root}.cache/browser-harness`, emptyOutDir: true, target: 'es2022' },
  });
}
