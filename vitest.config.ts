import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import 'kerasbridge' exactly as users do; in tests that name means this checkout's source.
    alias: { kerasbridge: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  // The zoo suites need models built by Python (fixtures/zoo.py, generate.py seed-numeric-large): they have
  // their own config, vitest.zoo.config.ts; so do the real-browser tests (vitest.browser.config.ts).
  test: { include: ['test/**/*.test.ts'], exclude: ['test/zoo.test.ts', 'test/seed-large.test.ts', 'test/browser/**', '**/node_modules/**'] },
});
