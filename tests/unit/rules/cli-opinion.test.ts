// @vitest-environment node
/**
 * `npm run check -- --opinion OUTDIR FILE…`: one 审查意见书 (.docx) per document of a folder,
 * named after the document, holding each finding's article (or its page and line in a file),
 * basis and suggestion; unreadable files get none and fail the run as before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, parseArgs, writeOpinions } from '../../../rules/cli';
import { run } from './helpers';
import { docxParagraphs, docxParts } from './docx-read';

const root = mkdtempSync(join(tmpdir(), 'guishen-opinion-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const docs = join(root, 'docs');
const out = join(root, 'out');
const SEEDS = join(__dirname, '../../../seeds/documents');
const FILES = join(__dirname, '../../fixtures/files');
mkdirSync(docs);
copyFileSync(join(SEEDS, 'nb-cf-dog-fines.html'), join(docs, 'nb-cf-dog-fines.html'));
copyFileSync(join(SEEDS, 'nb-xk-breakfast-permit.html'), join(docs, 'nb-xk-breakfast-permit.html'));
copyFileSync(join(FILES, 'innovation-voucher.pdf'), join(docs, 'innovation-voucher.pdf'));
writeFileSync(join(docs, 'broken.docx'), 'not a zip');

async function runCli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    (s) => (stdout += s),
    (s) => (stderr += s),
  );
  return { code, stdout, stderr };
}

const paragraphsOf = (file: string) =>
  docxParagraphs(docxParts(new Uint8Array(readFileSync(file)))['word/document.xml']!);

describe('check --opinion', () => {
  it('parses the option and refuses it without a folder', () => {
    expect(parseArgs(['--opinion', 'out', 'a.html'])).toMatchObject({
      opinion: 'out',
      inputs: ['a.html'],
    });
    expect(parseArgs(['a.html', '--opinion'])).toBe('--opinion 需要输出文件夹');
  });

  it('writes one .审查意见书.docx per readable document of a folder', async () => {
    const { code, stdout, stderr } = await runCli([
      '--today',
      '2026-11-27',
      '--opinion',
      out,
      docs,
    ]);
    expect(code).toBe(1); // broken.docx cannot be read
    expect(stderr).toContain('broken.docx');
    expect(readdirSync(out).sort()).toEqual([
      'innovation-voucher.审查意见书.docx',
      'nb-cf-dog-fines.审查意见书.docx',
      'nb-xk-breakfast-permit.审查意见书.docx',
    ]);
    expect(stdout).toContain(`审查意见书: ${join(out, 'nb-cf-dog-fines.审查意见书.docx')}`);
  });

  it('names each finding by its article, with its basis and suggestion', () => {
    const paras = paragraphsOf(join(out, 'nb-cf-dog-fines.审查意见书.docx'));
    expect(paras[0]).toBe('合法性审查意见书');
    const items = paras.filter((p) => /^\d+\. /.test(p));
    const cf = items.find((p) => p.includes('不得设定行政处罚'));
    expect(cf).toMatch(/^\d+\. 第[一二三四五六七八九十]+条/);
    expect(cf).toContain('依据：');
    expect(cf).toContain('修改建议：删除该处罚规定');
    expect(paras.some((p) => p.startsWith('修改后通过。'))).toBe(true);
  });

  it('names the page and line of a finding in a file when no article holds it', async () => {
    const text = '汀江市创新券管理暂行办法\n汀府办规[2026]2号';
    const at = text.indexOf('[');
    const [path] = await writeOpinions(
      [
        {
          file: 'voucher.pdf',
          text,
          report: {
            ...run(text),
            findings: [
              {
                ruleId: 'national/DN-BR',
                kind: 'docnumber',
                severity: 'error',
                category: '格式',
                message: '发文字号的年份应使用六角括号〔〕',
                basis: 'GB/T 9704-2012 7.2.4',
                range: { start: at, end: at + 6 },
                anchor: { exact: '[2026]', prefix: '', suffix: '' },
                suggestion: '汀府办规〔2026〕2号',
              },
            ],
          },
          source: {
            format: 'pdf',
            text,
            spans: [
              { start: 0, end: 12, page: 1, line: 1 },
              { start: 13, end: text.length, page: 1, line: 2 },
            ],
            pages: 1,
            pageStarts: [0],
            notices: [],
            title: null,
          },
        },
      ],
      join(root, 'located'),
      '2026-11-27',
    );
    const items = paragraphsOf(path!).filter((p) => /^\d+\. /.test(p));
    expect(items).toEqual([
      '1. 第 1 页第 2 行「[2026]」：发文字号的年份应使用六角括号〔〕。依据：GB/T 9704-2012 7.2.4。修改建议：汀府办规〔2026〕2号。',
    ]);
  });

  it('lists the written file per document in JSON output', async () => {
    const json = join(root, 'json');
    const { stdout } = await runCli([
      '--today',
      '2026-11-27',
      '--format',
      'json',
      '--opinion',
      json,
      join(docs, 'nb-xk-breakfast-permit.html'),
    ]);
    const [entry] = JSON.parse(stdout);
    expect(entry.opinionFile).toBe(join(json, 'nb-xk-breakfast-permit.审查意见书.docx'));
    expect(existsSync(entry.opinionFile)).toBe(true);
  });

  it('gives same-named documents from two folders distinct files', async () => {
    const other = join(root, 'other');
    mkdirSync(other);
    copyFileSync(
      join(SEEDS, 'nb-xk-breakfast-permit.html'),
      join(other, 'nb-xk-breakfast-permit.html'),
    );
    const dest = join(root, 'twice');
    await runCli([
      '--today',
      '2026-11-27',
      '--opinion',
      dest,
      join(docs, 'nb-xk-breakfast-permit.html'),
      join(other, 'nb-xk-breakfast-permit.html'),
    ]);
    expect(readdirSync(dest).sort()).toEqual([
      'nb-xk-breakfast-permit(2).审查意见书.docx',
      'nb-xk-breakfast-permit.审查意见书.docx',
    ]);
  });
});
