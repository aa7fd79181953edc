import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

/** Unit layer: pure engine, components (happy-dom), Dexie on fake-indexeddb. */
export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', './tests/unit/setup-dom.ts'],
    testTimeout: 30_000,
  },
});
