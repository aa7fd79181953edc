/** One CouchDB-protocol server for the sync suite, in a temporary folder, removed afterwards. */
import type { TestProject } from 'vitest/node';
import { startCouch } from '../../scripts/couch-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    couch: { url: string; admin: { user: string; password: string } };
  }
}

export default async function setup(project: TestProject) {
  const server = await startCouch();
  project.provide('couch', { url: server.url, admin: server.admin });
  return () => server.dispose();
}
