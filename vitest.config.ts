import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import 'kerasbridge' exactly as users do; in tests that name means this checkout's source.
    alias: { kerasbridge: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: { include: ['test/**/*.test.ts'] },
});
