// `npm start`: build the extension, serve the demo portal from seeds/, and launch Chromium
// with the extension on the demo draft page.
// - With a display ($DISPLAY set): a normal window; runs until you close it.
// - Without one: headless; saves screenshots of the page, popup and side panel under
//   .output/demo/, prints where they are and what the extension reported, and exits 0.
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHINESE_UI_ENV, chromiumArgs, ensureChromium } from './chromium.mjs';
import { startServer } from './serve.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const EXT = join(ROOT, '.output/chrome-mv3');
const OUT = join(ROOT, '.output/demo');
const DEMO_PAGE = process.env.GUISHEN_DEMO_PAGE ?? 'd-yinhu-ride-hailing-5d.html';
const say = (s) => console.log(`[规审 demo] ${s}`);

say('构建扩展 building the extension (wxt build)…');
const build = spawnSync('npx', ['wxt', 'build'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('build failed');
  process.exit(1);
}
const executablePath = ensureChromium({ log: say });
const portal = await startServer({ port: Number(process.env.PORT ?? 0) });
say(`演示门户 demo portal: ${portal.url}/`);

const headless = !process.env.DISPLAY;
const profile = await mkdtemp(join(tmpdir(), 'guishen-demo-'));
say(
  `启动 Chromium ${headless ? '(headless: no $DISPLAY)' : '(window)'} with the extension from ${EXT}`,
);
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless,
  locale: 'zh-CN',
  env: { ...process.env, ...CHINESE_UI_ENV },
  viewport: headless ? { width: 1280, height: 900 } : null,
  args: chromiumArgs({ extensionDir: EXT, headless }),
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const pageUrl = `${portal.url}/${DEMO_PAGE}`;
const page = context.pages()[0] ?? (await context.newPage());
say(`打开演示草案 opening ${pageUrl}`);
await page.goto(pageUrl);

async function cleanup() {
  await context.close().catch(() => {});
  await portal.close();
  await rm(profile, { recursive: true, force: true }).catch(() => {});
}

if (!headless) {
  say('浏览器已打开：点击工具栏中的「规审」图标查看审查结果。关闭浏览器窗口即结束。');
  context.on('close', async () => {
    await portal.close();
    process.exit(0);
  });
} else {
  await mkdir(OUT, { recursive: true });
  // The content script reports to the background; wait until the report is there.
  // The background keeps each tab's report under tab:<id> in storage.session.
  let tabId = -1;
  let report = null;
  for (let i = 0; i < 50 && !report; i++) {
    [tabId, report] = await worker.evaluate(async (url) => {
      const all = await globalThis.chrome.storage.session.get(null);
      for (const [k, v] of Object.entries(all))
        if (v?.url === url) return [Number(k.slice(4)), v.report];
      return [-1, null];
    }, pageUrl);
    if (!report) await new Promise((r) => setTimeout(r, 200));
  }
  await page.waitForTimeout(300);
  const shots = [];
  const pagePng = join(OUT, 'page.png');
  await page.screenshot({ path: pagePng });
  shots.push(pagePng);
  for (const [name, path, size] of [
    ['popup', 'popup.html', { width: 420, height: 640 }],
    ['sidepanel', 'sidepanel.html', { width: 420, height: 900 }],
  ]) {
    const p = await context.newPage();
    await p.setViewportSize(size);
    await p.goto(`chrome-extension://${extensionId}/${path}?tabId=${tabId}`);
    await p.waitForTimeout(800);
    const file = join(OUT, `${name}.png`);
    await p.screenshot({ path: file });
    shots.push(file);
    await p.close();
  }
  say('截图 screenshots:');
  for (const s of shots) console.log(`  ${s}`);
  if (!report) {
    say('扩展未报告结果 the extension reported nothing for this page');
  } else {
    const c = report.classification;
    const f = report.facts;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const x of report.findings) counts[x.severity]++;
    say('扩展报告 what the extension reported:');
    console.log(`  标题 title: ${f.title ?? '—'}`);
    console.log(
      `  草案 draft: ${c.isDraft ? '是' : '否'}; 层级 level: ${c.level}; 规范性文件可能性 normative score: ${Math.round(c.score * 100)}%`,
    );
    console.log(
      `  理由 reasons: ${c.reasons
        .slice(0, 4)
        .map((r) => r.text)
        .join('；')}`,
    );
    console.log(
      `  发文字号 ${f.docNumber ?? '—'}; 施行 ${f.effectiveDate ?? '—'}; 有效期 ${f.validity.years ?? '—'} 年; 征求意见截止 ${f.commentDeadline ?? '—'}`,
    );
    console.log(
      `  问题 findings: ${counts.error} 错误, ${counts.warning} 警告, ${counts.info} 提示`,
    );
    for (const x of report.findings.slice(0, 8))
      console.log(`   - [${x.severity}] ${x.message} 「${x.anchor.exact}」`);
  }
  await cleanup();
  process.exit(0);
}
