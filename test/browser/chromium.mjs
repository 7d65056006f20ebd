// Headless Chromium as the real-browser tests and bench/browser.mjs run it: Debian's chromium package,
// since Playwright's own browser download cannot run on these machines.
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Without a GPU (--disable-gpu), WebGPU finds no adapter: the page must say so and run on WebAssembly. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
