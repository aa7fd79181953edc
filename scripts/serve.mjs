// The demo portal: a small static server on 127.0.0.1 for seeds/documents/ (the authored
// portal pages), plus the real editors from node_modules for the editor pages, and
// tests/fixtures/ for end-to-end tests. No framework; read-only; no path escapes its roots.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** URL prefix → folder. The first matching prefix wins; '' is the portal itself. */
const MOUNTS = [
  ['/vendor/tinymce/', join(ROOT, 'node_modules/tinymce')],
  ['/vendor/ckeditor5/', join(ROOT, 'node_modules/ckeditor5/dist/browser')],
  ['/vendor/quill/', join(ROOT, 'node_modules/quill/dist')],
  ['/fixtures/', join(ROOT, 'tests/fixtures')],
  ['/', join(ROOT, 'seeds/documents')],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.ofd': 'application/ofd',
};

/** Resolves a request path to a file inside one of the mounts, or null. */
function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length) || 'index.html';
    const full = normalize(join(dir, rel));
    if (full !== dir && !full.startsWith(dir + sep)) return null;
    return full;
  }
  return null;
}

/**
 * Starts the demo portal. Port 0 picks a free port.
 * @param {{ port?: number, quiet?: boolean }} [opts]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function startServer(opts = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = resolvePath(url.pathname);
    try {
      if (!file) throw Object.assign(new Error('bad path'), { code: 'EACCES' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const code = e && typeof e === 'object' && 'code' in e ? e.code : '';
      res.writeHead(code === 'EACCES' ? 403 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(code === 'EACCES' ? '403 禁止访问' : '404 未找到');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8787);
  startServer({ port }).then(({ url }) => {
    console.log(`演示门户 demo portal: ${url}/  (Ctrl+C to stop)`);
  });
}
