/**
 * A CouchDB-protocol server for the sync tests and benchmarks: pouchdb-server (npm, a CouchDB
 * replacement built on PouchDB) on 127.0.0.1, in its on-disk mode in a temporary folder — its
 * --in-memory mode crashes once an admin exists, and the tests need admins, `_users`,
 * `_security` and `validate_doc_update`. Real offices run Apache CouchDB 3.x (README); nothing
 * in the extension relies on what only pouchdb-server does.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start a server with one admin. Returns its URL (`http://127.0.0.1:PORT/`), the admin's
 * credentials, `stop()` (which keeps the data folder, so `start` on the same `dir` is a
 * restart) and `dispose()` (stop and remove the folder).
 * @param {{ dir?: string, port?: number, admin?: { user: string, password: string } }} [options]
 */
export async function startCouch(options = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'guishen-couch-'));
  const port = options.port ?? (await freePort());
  const admin = options.admin ?? { user: 'admin', password: 'admin-secret-1' };
  const bin = require.resolve('pouchdb-server/bin/pouchdb-server');
  const fix = fileURLToPath(new URL('./couch-server-fix.cjs', import.meta.url));
  const child = spawn(
    process.execPath,
    ['-r', fix, bin, '--port', String(port), '--dir', dir, '--no-stdout-logs'],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited: ${stderr}`);
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`pouchdb-server did not start in 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const basic = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
  // The first admin (the server is in "admin party" until then); on a restart it exists.
  const probe = await fetch(`${url}_session`, { headers: { authorization: basic } });
  const session = await probe.json();
  if (!session?.userCtx?.roles?.includes('_admin')) {
    const res = await fetch(`${url}_config/admins/${admin.user}`, {
      method: 'PUT',
      body: JSON.stringify(admin.password),
    });
    if (!res.ok) throw new Error(`creating the admin failed: HTTP ${res.status}`);
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      // It waits for open keep-alive connections on SIGTERM; a test server may go at once.
      const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve(undefined);
      });
      child.kill('SIGTERM');
    });
  return {
    url,
    port,
    dir,
    admin,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
