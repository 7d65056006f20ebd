import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/web/build/static-server.mjs';
import { launchChromium } from './chromium.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface BrowserFixture {
  readonly browser: Browser;
  /** `dir` served as a plain static host serves it. */
  readonly plain: StaticServer;
  /** `dir` served with the cross-origin isolation headers. */
  readonly isolated: StaticServer;
}

/** Chromium and `dir` (the built page by default) served both ways, for the tests of one file; closed after them. */
export function useBrowser(dir = `${root}dist/web`): BrowserFixture {
  const fixture = {} as { -readonly [K in keyof BrowserFixture]: BrowserFixture[K] };
  beforeAll(async () => {
    [fixture.plain, fixture.isolated, fixture.browser] = await Promise.all([
      serveStatic(dir, { crossOriginIsolated: false }),
      serveStatic(dir, { crossOriginIsolated: true }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await Promise.all([fixture.plain?.close(), fixture.isolated?.close()]);
  });
  return fixture;
}
