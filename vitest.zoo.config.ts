import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The zoo suite (test/zoo.test.ts) and the seed models too large to commit (test/seed-large.test.ts) need
// models built with Python (fixtures/zoo.py, fixtures/generate.py seed-numeric-large), so `npm test` leaves
// them out and `npm run test:zoo` runs them. Exports of the large models take seconds each, and hold
// hundreds of MB: one file at a time.
export default defineConfig({
  ...base,
  test: { include: ['test/zoo.test.ts', 'test/seed-large.test.ts'], fileParallelism: false, testTimeout: 300_000, hookTimeout: 300_000 },
});
