import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Server-backed layer (`npm run test:sync`): the office's shared log against a real
 * CouchDB-protocol server (pouchdb-server, started and stopped by tests/sync/global-setup.ts).
 * Dexie and the PouchDB local replicas run on fake-indexeddb in Node, whose fetch has no CORS.
 */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/sync/**/*.sync.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto', './tests/sync/setup.ts'],
    // pouchdb-browser is CommonJS that reads `self` at load: keep it out of vite's transform.
    server: { deps: { external: [/pouchdb/] } },
    globalSetup: ['./tests/sync/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
