import { defineConfig } from 'vitest/config';

/**
 * End-to-end layer in Firefox ESR: the BUILT Firefox extension (.output/firefox-mv2) over
 * WebDriver BiDi (tests/firefox/helpers.ts). One file at a time; timeouts for a loaded machine.
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
