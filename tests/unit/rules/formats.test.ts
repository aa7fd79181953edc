// @vitest-environment node
/**
 * The file readers (rules/formats/): Word, PDF and OFD files made from the project's own
 * authored texts (scripts/make-file-fixtures.ts) read back to the same text, with provenance;
 * hostile files are refused with a precise Chinese message.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import fc from 'fast-check';
import {
  FormatError,
  fileModel,
  locate,
  locationLabel,
  readFile,
  sniff,
  type FileDocument,
} from '../../../rules/formats';
import { Zip } from '../../../rules/formats/zip';
import { cnNumber } from '../../../rules/formats/docx';
import { check } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import {
  cjkPdf,
  docxPackage,
  minimalPdf,
  ofd,
  setInPages,
} from '../../../scripts/make-file-fixtures';
import { seeds } from './helpers';

const DIR = join(import.meta.dirname, '../../fixtures/files');
const bytes = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));
const source = (id: string) => readFileSync(join(DIR, `${id}.txt`), 'utf8').trim();
const pdfjs = async () => (await import('pdfjs-dist/legacy/build/pdf.mjs')) as never;
const read = (b: Uint8Array, name?: string, more: object = {}) =>
  readFile(b, { pdfjs, ...(name ? { name } : {}), ...more });

/** The text with ASCII spaces dropped: the portal copy has 「附件： 1. 」 where print has none. */
const tight = (s: string) => s.replace(/ /g, '');

async function refusal(p: Promise<unknown>): Promise<FormatError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('the file was read, not refused');
}

const IDS = ['road-excavation', 'innovation-voucher', 'dog-county-table', 'tj-ddc-zqyjg'];

describe('Word (.docx saved by LibreOffice)', () => {
  it.each(IDS)('reads %s.docx to the authored text, one paragraph a line', async (id) => {
    const doc = await read(bytes(`${id}.docx`), `${id}.docx`);
    expect(doc.format).toBe('docx');
    expect(doc.text).toBe(source(id));
    expect(doc.notices).toEqual([]);
  });

  it('gives each offset its paragraph', async () => {
    const doc = await read(bytes('innovation-voucher.docx'));
    const at = doc.text.indexOf('第三条');
    const para = doc.text.slice(0, at).split('\n').length;
    expect(locate(doc, at)).toEqual({ paragraph: para });
    expect(locationLabel(locate(doc, at))).toBe(`第 ${para} 段`);
  });
});

describe('Word files as an office edits them (tracked changes, comments, numbering)', () => {
  it('reviews the text as it would be accepted and says the file has 修订 and 批注', async () => {
    const doc = await read(bytes('revisions.docx'));
    expect(doc.text).toContain('由市城市管理局依照《城市道路管理条例》第四十二条的规定处理。');
    expect(doc.text).not.toContain('处五千元罚款');
    expect(doc.text).toContain('本办法自2027年3月1日起施行');
    expect(doc.notices.join('')).toMatch(/含修订（插入 2 处、删除 2 处）.*接受修订/);
    expect(doc.notices.join('')).toMatch(/含批注 1 条/);
    // The comment's own words are not part of the reviewed text.
    expect(doc.text).not.toContain('已改为引用条例');
  });

  it('prints automatic 「第%1条」 numbering in Chinese counting', async () => {
    const doc = await read(bytes('revisions.docx'));
    const lines = doc.text.split('\n');
    expect(lines.filter((l) => /^第[一二三四五]条　/.test(l))).toHaveLength(5);
    expect(lines[6]).toMatch(/^第五条　本办法自2027年3月1日起施行/);
  });

  it.each([
    [1, '一'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [105, '一百零五'],
    [110, '一百一十'],
  ])('counts %i as 「%s」', (n, cn) => expect(cnNumber(n)).toBe(cn));

  it('reads a table row as one line with cells split by tabs, and footnotes after the body', async () => {
    const cell = (t: string) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
    const b = docxPackage({
      body:
        '<w:p><w:r><w:t>收费标准如下：</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>' +
        `<w:tbl><w:tr>${cell('项目')}${cell('标准')}</w:tr><w:tr>${cell('停车')}${cell('每小时5元')}</w:tr></w:tbl>` +
        '<w:p><w:r><w:t xml:space="preserve">本办法自2027年1月1日起施行。</w:t></w:r></w:p>',
    });
    // Add a footnotes part to the package.
    const withNotes = zipSync({
      ...Object.fromEntries([...new Zip(b).entries.keys()].map((k) => [k, new Zip(b).read(k)!])),
      'word/footnotes.xml': strToU8(
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>依据市物价局核定。</w:t></w:r></w:p></w:footnote></w:footnotes>',
      ),
    });
    const doc = await read(withNotes);
    expect(doc.text).toBe(
      '收费标准如下：\n项目\t标准\n停车\t每小时5元\n本办法自2027年1月1日起施行。\n脚注1：依据市物价局核定。',
    );
    expect(doc.spans.filter((s) => s.table)).toHaveLength(2);
  });

  it('tells of macros and external links and runs or loads neither', async () => {
    const b = docxPackage({
      body: '<w:p><w:r><w:t>第一条　为了规范管理，制定本办法。</w:t></w:r></w:p>',
    });
    const z = new Zip(b);
    const parts = Object.fromEntries([...z.entries.keys()].map((k) => [k, z.read(k)!]));
    const doc = await read(
      zipSync({
        ...parts,
        'word/vbaProject.bin': new Uint8Array([1, 2, 3]),
        'word/_rels/document.xml.rels': strToU8(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://example.org/track.png" TargetMode="External"/></Relationships>',
        ),
      }),
    );
    expect(doc.notices).toEqual([
      '文件含宏，宏未执行，也未纳入审查',
      '文件引用了外部资源（链接或图片），未加载',
    ]);
  });
});

describe('PDF (saved by LibreOffice, read with pdf.js)', () => {
  it.each(IDS)('rebuilds %s.pdf into the authored paragraphs', async (id) => {
    const doc = await read(bytes(`${id}.pdf`), `${id}.pdf`);
    expect(doc.format).toBe('pdf');
    // The two-line title of a draft is printed as two lines; otherwise the paragraphs match.
    expect(tight(doc.text).replace(/\n（征求意见稿）/g, '（征求意见稿）')).toBe(
      tight(source(id)).replace(/\n（征求意见稿）/g, '（征求意见稿）'),
    );
  });

  it('invents no space between CJK text and digits (「〔2018〕37号」, 「2026年」)', async () => {
    const doc = await read(bytes('road-excavation.pdf'));
    expect(doc.text).toContain('国办发〔2018〕37号');
    expect(doc.text).toContain('2026年11月2日至2026年12月2日');
    expect(doc.text).not.toMatch(/[\u4e00-\u9fff〔〕] \d|\d [\u4e00-\u9fff〔〕]/);
    expect(doc.text).toContain('tjsfj_zqyj@example.org');
  });

  it('leaves out the running header and the 「— N —」 page numbers, and keeps pages and lines', async () => {
    const doc = await read(bytes('road-excavation.pdf'));
    expect(doc.text).not.toContain('规审 Guishen 测试文件');
    expect(doc.text).not.toMatch(/—\s*\d+\s*—/);
    expect(doc.pages).toBeGreaterThanOrEqual(2);
    expect(doc.pageStarts).toHaveLength(doc.pages!);
    const at = doc.text.indexOf('第十一条');
    const loc = locate(doc, at)!;
    expect(loc.page).toBeGreaterThanOrEqual(2);
    expect(loc.line).toBeGreaterThanOrEqual(1);
    expect(locationLabel(loc)).toBe(`第 ${loc.page} 页第 ${loc.line} 行`);
  });

  it('reads Chinese set in a font that is not embedded (STSong-Light through its CMap)', async () => {
    const paras = [
      '第一条　为了规范停车管理，根据有关法律法规，结合本市实际，制定本办法。本办法所称停车场，是指供机动车停放的场所，包括公共停车场和专用停车场。',
      '第二条　本办法自2027年3月1日起施行，有效期5年。',
    ];
    const cmaps = join(import.meta.dirname, '../../../node_modules/pdfjs-dist/cmaps/');
    const doc = await read(cjkPdf(setInPages(paras, 2)), undefined, {
      pdfOptions: { cMapUrl: cmaps, cMapPacked: true },
    });
    // Two pages, the first paragraph broken across them, page numbers 「— N —」 at the foot.
    expect(doc.pages).toBe(3);
    expect(doc.text).toBe(paras.join('\n'));
  });

  describe('numbers the lines of a page among the lines it keeps', () => {
    const HEADER = '汀江市人民政府办公室文件（测试页眉）';
    // Set 26 + 28 + … characters a line: 第一条 and 第二条 take three lines each.
    const paras = [
      '第一条　为了规范停车管理，根据有关法律法规，结合本市实际，制定本办法。本办法所称停车场，是指供机动车停放的场所，包括公共停车场和专用停车场。',
      '第二条　本办法适用于本市行政区域内停车场的规划、建设、使用和管理。市城市管理局负责停车场的监督管理，市公安局交通警察支队负责道路停车秩序。',
      '第三条　本办法自2027年3月1日起施行，有效期5年。',
    ];
    const cmaps = join(import.meta.dirname, '../../../node_modules/pdfjs-dist/cmaps/');
    const opts = { pdfOptions: { cMapUrl: cmaps, cMapPacked: true } };
    /** The page and line of the start of `s` in the text. */
    const at = (doc: FileDocument, s: string) => locationLabel(locate(doc, doc.text.indexOf(s)));

    it('a running header and the page numbers are neither text nor counted lines', async () => {
      // Four lines a page: the header above them, 「— N —」 below; 第二条 starts on page 1.
      const doc = await read(cjkPdf(setInPages(paras, 4), { header: HEADER }), undefined, opts);
      expect(doc.pages).toBe(2);
      expect(doc.text).not.toContain('测试页眉');
      expect(doc.text).toBe(paras.join('\n'));
      expect(at(doc, '第一条')).toBe('第 1 页第 1 行');
      expect(at(doc, '第二条')).toBe('第 1 页第 4 行');
      // Page 2's first printed body line (第二条 going on) is its line 1.
      const page2 = doc.spans.filter((s) => s.page === 2);
      expect(page2[0]!.line).toBe(1);
      expect(at(doc, '市城市管理局负责')).toBe('第 2 页第 1 行');
      expect(at(doc, '第三条')).toBe('第 2 页第 3 行');
    });

    it('a one-page PDF: its header in small type is not text nor line 1 either', async () => {
      const doc = await read(cjkPdf(setInPages(paras, 20), { header: HEADER }), undefined, opts);
      expect(doc.pages).toBe(1);
      expect(doc.text).toBe(paras.join('\n'));
      expect(at(doc, '第一条')).toBe('第 1 页第 1 行');
      expect(at(doc, '第三条')).toBe('第 1 页第 7 行');
    });

    it('the fixture saved by LibreOffice: line 1 of page 2 is its first body line', async () => {
      const doc = await read(bytes('tj-ddc-zqyjg.pdf'));
      // Page 1: the title over two lines, the stage line, then 第一条 (the header is dropped).
      expect(at(doc, '（征求意见稿）')).toBe('第 1 页第 3 行');
      expect(at(doc, '第一条')).toBe('第 1 页第 4 行');
      const page2 = doc.spans.filter((s) => s.page === 2);
      expect(page2[0]!.line).toBe(1);
      expect(doc.text.slice(page2[0]!.start, page2[0]!.end)).toMatch(/^警等功能/);
    });
  });

  it('refuses a scan (no text layer) as 扫描件 instead of passing an empty document', async () => {
    const e = await refusal(read(minimalPdf([null, null, null])));
    expect(e.code).toBe('scanned');
    expect(e.message).toMatch(/^扫描件，无法提取文字/);
  });

  it('refuses an encrypted PDF', async () => {
    const e = await refusal(read(bytes('encrypted.pdf')));
    expect(e.code).toBe('encrypted');
    expect(e.message).toContain('PDF 文件已加密');
  });

  it('reads at most the page limit of a long PDF and says how much was left out', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => `Section ${i + 1} of the annex text`);
    const doc = await read(minimalPdf(pages), undefined, { maxPages: 5 });
    expect(doc.text.split('\n')).toHaveLength(5);
    expect(doc.notices).toEqual([
      'PDF 共 40 页，只读取了前 5 页（上限 5 页或 600,000 个字符），其余未审查',
    ]);
  });

  it('refuses a broken PDF', async () => {
    const b = bytes('tj-ddc-zqyjg.pdf');
    const e = await refusal(read(b.slice(0, 600)));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/^PDF 文件已损坏或格式无效/);
  });
});

describe('OFD (GB/T 33190, from the generator)', () => {
  it.each(IDS)('reads %s.ofd page by page into the authored paragraphs', async (id) => {
    const doc = await read(bytes(`${id}.ofd`), `${id}.ofd`);
    expect(doc.format).toBe('ofd');
    expect(tight(doc.text).replace(/\n（征求意见稿）/g, '（征求意见稿）')).toBe(
      tight(source(id)).replace(/\n（征求意见稿）/g, '（征求意见稿）'),
    );
    expect(doc.text).not.toMatch(/—\s*\d+\s*—/);
  });

  it('locates an offset by page and line', async () => {
    const doc = await read(bytes('road-excavation.ofd'));
    const loc = locate(doc, doc.text.indexOf('第十一条'))!;
    expect(loc.page).toBeGreaterThanOrEqual(2);
    expect(loc.line).toBeGreaterThanOrEqual(1);
  });
});

describe('bad input: refused or bounded, with a precise Chinese message', () => {
  it('sniffs by bytes: a .docx renamed .pdf is read as Word and the reviewer is told', async () => {
    const doc = await read(bytes('tj-ddc-zqyjg.docx'), '征求意见稿.pdf');
    expect(doc.format).toBe('docx');
    expect(doc.notices[0]).toBe(
      '文件名的扩展名是 .pdf，内容实际是Word 文档（.docx），已按实际格式读取',
    );
  });

  it.each([
    [
      'an old binary Word/WPS file',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]),
      'legacy',
      '请另存为 .docx 后审查',
    ],
    ['an RTF file', strToU8('{\\rtf1\\ansi 第一条}'), 'legacy', '请另存为 .docx 后审查'],
    ['a plain text file', strToU8('第一条　为了规范管理。'), 'unknown', '无法识别的文件格式'],
    ['an empty file', new Uint8Array(0), 'empty', '文件是空的'],
    [
      'an Excel workbook',
      zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }),
      'unknown',
      '这是Excel 表格（.xlsx），不是可审查的',
    ],
  ] as const)('refuses %s', async (_, b, code, words) => {
    const e = await refusal(read(b as Uint8Array));
    expect(e.code).toBe(code);
    expect(e.message).toContain(words);
  });

  it('refuses an encrypted Word file (OLE2 with an EncryptedPackage stream)', () => {
    const name = [...'EncryptedPackage'].flatMap((c) => [c.charCodeAt(0), 0]);
    const b = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, ...name]);
    const s = sniff(b);
    expect(s.format).toBeNull();
    expect(s.format === null && s.error.code).toBe('encrypted');
  });

  it('refuses a file over the size cap before reading it', async () => {
    const e = await refusal(read(bytes('tj-ddc-zqyjg.docx'), undefined, { maxFileBytes: 1000 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^文件过大（7 KB），超过 1 KB 的上限，不予读取/);
  });

  it('refuses a 200 MB file', async () => {
    const e = await refusal(read(new Uint8Array(200 * 1024 * 1024)));
    expect(e.message).toBe(
      '文件过大（200.0 MB），超过 50.0 MB 的上限，不予读取；规范性文件的正文通常不足 1 MB，请确认是否选错了文件',
    );
  });

  it('stops a zip bomb while inflating (real expansion past the cap)', () => {
    // 8 MB of zeros deflate to a few kilobytes.
    const b = zipSync({ 'word/document.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    expect(b.length).toBeLessThan(64 * 1024);
    const z = new Zip(b, {
      maxEntryBytes: 1024 * 1024,
      maxTotalBytes: 16 * 1024 * 1024,
      maxEntries: 10,
    });
    expect(() => z.read('word/document.xml')).toThrow(/疑似压缩炸弹，已拒绝/);
  });

  it('refuses a zip whose directory claims a huge entry, before inflating anything', async () => {
    const b = docxPackage({ body: '<w:p><w:r><w:t>正文</w:t></w:r></w:p>' });
    // Patch the central directory's uncompressed size of every entry to 3 GB.
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i + 46 < b.length; i++)
      if (v.getUint32(i, true) === 0x02014b50) v.setUint32(i + 24, 3_000_000_000, true);
    const e = await refusal(read(b));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/声称 2861 MB）.*疑似压缩炸弹/);
  });

  it('refuses a corrupt zip', async () => {
    const b = bytes('tj-ddc-zqyjg.docx');
    const e = await refusal(read(b.slice(0, b.length - 300)));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/^压缩包/);
  });
});

/** Facts, level and rule ids of a review: what must not change with the file format. */
function essence(text: string) {
  const r = check(modelFromText(text), seeds(), { today: '2026-11-27' });
  return {
    facts: { ...r.facts },
    level: r.classification.level,
    normative: r.classification.normative,
    isDraft: r.classification.isDraft,
    rules: r.findings.map((f) => f.ruleId).sort(),
  };
}

function fileEssence(doc: FileDocument) {
  const r = check(fileModel(doc), seeds(), { today: '2026-11-27' });
  return {
    facts: { ...r.facts },
    level: r.classification.level,
    normative: r.classification.normative,
    isDraft: r.classification.isDraft,
    rules: r.findings.map((f) => f.ruleId).sort(),
  };
}

describe("a file's review equals the review of the same text", () => {
  for (const id of IDS)
    for (const ext of ['docx', 'pdf', 'ofd'])
      it(`${id}.${ext}: same facts, level and rule ids`, async () => {
        const doc = await read(bytes(`${id}.${ext}`));
        const mine = fileEssence(doc);
        const ref = essence(source(id));
        // The 附件 line differs by the portal's spaces only; the title's wrap is the printer's.
        expect(mine.level).toBe(ref.level);
        expect(mine.normative).toBe(ref.normative);
        expect(mine.isDraft).toBe(ref.isDraft);
        expect(mine.rules).toEqual(ref.rules);
        expect(mine.facts.docNumber).toBe(ref.facts.docNumber);
        expect(mine.facts.effectiveDate).toBe(ref.facts.effectiveDate);
        expect(mine.facts.validity).toEqual(ref.facts.validity);
        expect(mine.facts.commentDeadline).toBe(ref.facts.commentDeadline);
      });

  it('holds for any selection of authored paragraphs set as .docx or .ofd', async () => {
    const pool = IDS.flatMap((id) => source(id).split('\n'));
    const para = (t: string) =>
      `<w:p><w:r><w:t xml:space="preserve">${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 3, maxLength: 25 }),
        async (picks) => {
          const lines = picks.map((i) => pool[i]!);
          const text = lines.join('\n');
          const docx = await read(docxPackage({ body: lines.map(para).join('') }));
          expect(docx.text).toBe(text);
          expect(fileEssence(docx)).toEqual(essence(text));
          // Set in print, every character comes back in order and no space is invented (the
          // lines of a wrapped title may join).
          const o = await read(ofd(lines));
          expect(tight(o.text).replace(/\n/g, '')).toBe(tight(text).replace(/\n/g, ''));
        },
      ),
      { numRuns: 25 },
    );
  });
});
