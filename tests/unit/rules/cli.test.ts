// @vitest-environment node
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, parseArgs } from '../../../rules/cli';
import { FactsSchema, ClassificationSchema } from '../../../rules/schema';
import { normativeDoc } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'guishen-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'a.txt'), normativeDoc({ number: '国办发[2025]6号' }));
writeFileSync(join(dir, 'b.txt'), normativeDoc({ closing: '本办法自2025年12月1日起施行。' }));
writeFileSync(
  join(dir, 'c.html'),
  '<html><head><title>关于某某的通知</title></head><body><div class="article"><h1>关于某某的通知</h1><p>各单位：现将有关事项通知如下。</p></div></body></html>',
);
writeFileSync(join(dir, 'notes.md'), '# not a document');
// 「关于某某的通知」 pages in GBK (declared) and in UTF-8 under an invalid label.
const GBK_GUANYU_TONGZHI = [0xb9, 0xd8, 0xd3, 0xda, 0xcd, 0xa8, 0xd6, 0xaa]; // 关于通知
writeFileSync(
  join(dir, 'gbk.html'),
  Buffer.concat([
    Buffer.from('<html><head><meta charset="gbk"><title>'),
    Buffer.from(GBK_GUANYU_TONGZHI),
    Buffer.from('</title></head><body><h1>'),
    Buffer.from(GBK_GUANYU_TONGZHI),
    Buffer.from('</h1></body></html>'),
  ]),
);
writeFileSync(
  join(dir, 'utf8-bad-label.html'),
  '<html><head><meta charset="gb2312-x"><title>关于通知</title></head><body><h1>关于通知</h1></body></html>',
);

async function runCli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('CLI', () => {
  it('decodes a page declared GBK, and UTF-8 under an invalid charset label', async () => {
    for (const f of ['gbk.html', 'utf8-bad-label.html']) {
      const { out } = await runCli(['--today', '2026-11-27', '--format', 'json', join(dir, f)]);
      expect(JSON.parse(out)[0].facts.title, f).toBe('关于通知');
    }
  });

  it('prints JSON per file with facts and classification in the documented shape', async () => {
    const { code, out } = await runCli([
      '--today',
      '2026-11-27',
      '--format',
      'json',
      join(dir, 'a.txt'),
    ]);
    expect(code).toBe(0);
    const [r] = JSON.parse(out);
    expect(Object.keys(r)).toEqual(['file', 'facts', 'classification', 'findings', 'checklist']);
    expect(FactsSchema.safeParse(r.facts).success).toBe(true);
    expect(ClassificationSchema.safeParse(r.classification).success).toBe(true);
    expect(r.facts.docNumber).toBe('国办发[2025]6号');
    expect(r.findings.some((f: { ruleId: string }) => f.ruleId === 'national/DN-BR')).toBe(true);
  });

  it('prints text grouped by category with line numbers and the quoted text', async () => {
    const { out } = await runCli(['--today=2026-11-27', join(dir, 'a.txt')]);
    expect(out).toContain('【格式】');
    expect(out).toMatch(/L2 错误 national\/DN-BR: /);
    expect(out).toContain('「国办发[2025]6号」 → 国办发〔2025〕6号');
  });

  it('checks every document in a folder and prints a summary table', async () => {
    const { code, out } = await runCli(['--today', '2026-11-27', dir]);
    expect(code).toBe(0);
    expect(out).toMatch(/文件\s+类型\s+发文字号\s+有效期届满\s+状态/);
    expect(out).toMatch(/b\.txt.*无有效期/);
    expect(out).not.toContain('notes.md');
    expect(out).toContain('c.html');
  });

  it('reports an unreadable file clearly, still checks the others, and exits non-zero', async () => {
    const { code, out, err } = await runCli([
      '--today',
      '2026-11-27',
      join(dir, 'missing.txt'),
      join(dir, 'a.txt'),
    ]);
    expect(code).toBe(1);
    expect(err).toContain('无法读取：文件不存在');
    expect(out).toContain('a.txt');
  });

  it('uses the pack given with --pack', async () => {
    const { out } = await runCli([
      '--today',
      '2026-11-27',
      '--format',
      'json',
      '--pack',
      'huizhou',
      join(dir, 'a.txt'),
    ]);
    expect(
      JSON.parse(out)[0].findings.some(
        (f: { ruleId: string }) => f.ruleId === 'huizhou/3U-NO-REGNO',
      ),
    ).toBe(false);
  });

  it.each([
    [['--today', '27/11/2026', 'x'], /YYYY-MM-DD/],
    [['--format', 'xml', 'x'], /text 或 json/],
    [['--bogus', 'x'], /未知选项/],
    [[], /用法/],
  ])('rejects bad arguments %j', (args, message) => {
    expect(parseArgs(args)).toMatch(message);
  });

  it('reads Word, PDF and OFD files and gives each finding its page and line or paragraph', async () => {
    const files = join(import.meta.dirname, '../../fixtures/files');
    const { code, out } = await runCli([
      '--today',
      '2026-11-27',
      '--format',
      'json',
      join(files, 'tj-ddc-zqyjg.pdf'),
      join(files, 'tj-ddc-zqyjg.docx'),
      join(files, 'revisions.docx'),
    ]);
    expect(code).toBe(0);
    const [pdf, docx, rev] = JSON.parse(out);
    expect(pdf.format).toBe('pdf');
    const fine = pdf.findings.find((f: { ruleId: string }) => f.ruleId === 'national/NB-CF');
    expect(fine.location).toEqual({ page: 2, line: expect.any(Number) });
    expect(fine.range.start).toBeGreaterThan(0);
    const wordFine = docx.findings.find((f: { ruleId: string }) => f.ruleId === 'national/NB-CF');
    // 「第九条」 is the 11th paragraph: title, 「（征求意见稿）」, 第一条 … 第九条.
    expect(wordFine.location).toEqual({ paragraph: 11 });
    expect(rev.notices).toContain('文件含批注 1 条，批注内容未纳入审查');
  });

  it('prints file findings by page and line, and the file notices', async () => {
    const files = join(import.meta.dirname, '../../fixtures/files');
    const { out } = await runCli([
      '--today=2026-11-27',
      join(files, 'tj-ddc-zqyjg.pdf'),
      join(files, 'revisions.docx'),
    ]);
    expect(out).toMatch(/第 2 页第 \d+ 行 错误 national\/NB-CF: /);
    expect(out).toContain('注意: 文件含修订（插入 2 处、删除 2 处），审查的是全部接受修订后的文本');
  });

  it('reads the files of a folder and refuses an old .doc with the message to save it as .docx', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'guishen-cli-files-'));
    const files = join(import.meta.dirname, '../../fixtures/files');
    writeFileSync(join(sub, 'a.ofd'), readFileSync(join(files, 'innovation-voucher.ofd')));
    writeFileSync(
      join(sub, 'old.doc'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(512).fill(0)]),
    );
    const { code, out, err } = await runCli(['--today', '2026-11-27', sub]);
    rmSync(sub, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(out).toMatch(/a\.ofd\s+行政规范性文件\s+汀府办规〔2026〕2号/);
    expect(err).toContain('请另存为 .docx 后审查');
    expect(out).toMatch(/old\.doc\s+读取失败/);
  });

  it('rejects an unknown pack', async () => {
    const { code, err } = await runCli(['--pack', 'atlantis', join(dir, 'a.txt')]);
    expect(code).toBe(1);
    expect(err).toContain('未知规则包：atlantis');
  });
});
