import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import 'kerasbridge' exactly as users do; in tests that name means this checkout's source.
    alias: { kerasbridge: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  // The zoo suite needs models built by Python (fixtures/zoo.py): it has its own config, vitest.zoo.config.ts;
  // so do the real-browser tests (vitest.browser.config.ts).
  test: { include: ['test/**/*.test.ts'], exclude: ['test/zoo.test.ts', 'test/browser/**', '**/node_modules/**'] },
});
