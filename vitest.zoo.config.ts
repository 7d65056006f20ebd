import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The zoo suite (test/zoo.test.ts) needs the models fixtures/zoo.py builds with Python, so `npm test`
// leaves it out and `npm run test:zoo` runs it alone. Exports of the large models take seconds each.
export default defineConfig({ ...base, test: { include: ['test/zoo.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } });
