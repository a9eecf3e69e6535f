import { defineConfig } from 'vitest/config';

// Generous limits: the suites run on a shared 2-core machine, where a seeded database can take
// several seconds to build. Time never decides whether a test passes.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
