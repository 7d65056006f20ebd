import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The real-browser tests (test/browser/): Debian's Chromium driven by playwright-core over the built page
// (dist/web, `npm run build:web`) and the library's browser build (dist/browser). `npm run test:browser`
// builds both first; `npm test` leaves these out, as a browser and a build are slow next to unit tests.
export default defineConfig({
  ...base,
  test: { include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/global-setup.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
