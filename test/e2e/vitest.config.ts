/**
 * Browser tests: a real `guantong serve --demo` process and Debian chromium through playwright-core.
 * Run with `npx vitest run --config test/e2e/vitest.config.ts`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    // One retry: a journey on a shared 2-core machine can miss a 30 s wait under load (measured
    // once: the sanction dialog with the whole suite running beside it); a real break fails twice.
    retry: 1,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
