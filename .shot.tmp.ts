import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
// @ts-expect-error plain ESM
import { startServer } from './scripts/serve.mjs';
import { launchExtension } from './scripts/launch';
const files = process.argv.slice(2);
const portal = await startServer({ port: 0 });
const l = await launchExtension({});
for (const f of files) {
  const name = basename(f);
  const url = `${portal.url}/shot/${name}`;
  await l.context.route(url, (r) => r.fulfill({ body: readFileSync(f, 'utf8'), contentType: 'text/html; charset=utf-8' }));
  const page = await l.context.newPage();
  await page.goto(url);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/shots/${name}.page.png` });
  const id: number = await l.worker.evaluate(async (u) => {
    const all = await (globalThis as any).chrome.storage.session.get(null);
    for (const [k, v] of Object.entries<any>(all)) if (v?.url === u) return Number(k.slice(4));
    return -1;
  }, url);
  const panel = await l.context.newPage();
  await panel.setViewportSize({ width: 420, height: 1000 });
  await panel.goto(`chrome-extension://${l.extensionId}/sidepanel.html?tabId=${id}`);
  await panel.waitForTimeout(1200);
  await panel.screenshot({ path: `/tmp/shots/${name}.panel.png`, fullPage: true });
  console.log(name, 'tab', id);
  await panel.close();
}
await l.close(); await portal.close();
