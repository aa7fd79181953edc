/**
 * The opinion as .docx (rules/opinion/docx): generated, unzipped and read back — the title,
 * each item's article, basis and suggestion, the conclusion; the GB/T 9704 page; fonts and
 * sizes; nothing typed becomes markup; XML-invalid characters and unsafe file names cleaned.
 */
import { describe, expect, it } from 'vitest';
import { buildOpinion } from '../../../rules/opinion';
import { opinionDocx, opinionFileName, OPINION_FONTS, xmlSafe } from '../../../rules/opinion/docx';
import { opinionPlainText } from '../../../rules/opinion/text';
import type { Finding } from '../../../rules/schema';
import { docxParagraphs, docxParts } from './docx-read';
import { run } from './helpers';

const DRAFT = [
  '银湖市犬只管理办法（征求意见稿）',
  '第一条 为了规范犬只管理，根据有关规定，制定本办法。',
  '第二条 违反本办法的，由公安机关处以500元罚款。',
  '第三条 养犬人应当办理养犬许可证。',
  '第四条 本办法自2026年12月1日起施行。',
].join('\n');

const base = { text: '', packs: [], docTitle: '测试文件', date: '2026-11-27' };
const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'national/NB-CF',
  kind: 'pattern',
  severity: 'error',
  category: '合法性',
  message: '规范性文件不得设定行政处罚',
  basis: '行政处罚法',
  cite: '《中华人民共和国行政处罚法》第十六条',
  range: { start: 0, end: 2 },
  anchor: { exact: '罚款', prefix: '', suffix: '' },
  suggestion: '删除该处罚规定',
  ...over,
});

async function read(o: Parameters<typeof opinionDocx>[0]) {
  const parts = docxParts(await opinionDocx(o));
  return {
    parts,
    xml: parts['word/document.xml']!,
    paras: docxParagraphs(parts['word/document.xml']!),
  };
}

describe('opinionDocx', () => {
  const report = run(DRAFT);
  const opinion = buildOpinion({
    findings: report.findings,
    text: DRAFT,
    packs: report.packs,
    docTitle: '银湖市犬只管理办法（征求意见稿）',
    drafter: '银湖市公安局',
    reviewer: '张三',
    office: '银湖市司法局',
    date: '2026-11-27',
  });

  it('holds the title, every item with its article, basis and suggestion, and the conclusion', async () => {
    const { paras } = await read(opinion);
    expect(paras[0]).toBe('合法性审查意见书');
    const all = paras.join('\n');
    expect(opinion.items.length).toBeGreaterThan(1);
    opinion.items.forEach((it, i) => {
      const p = paras.find((x) => x.startsWith(`${i + 1}. `));
      expect(p).toBeDefined();
      expect(p).toContain(it.place);
      if (it.basis) expect(p).toContain(`依据：${it.basis}`);
      if (it.suggestion) expect(p).toContain(`修改建议：${it.suggestion}`);
    });
    expect(all).toContain('第二条');
    expect(all).toContain('修改后通过。');
    expect(all).toContain('审查人：张三');
  });

  it('says in Word exactly what the plain text says (one paragraph per line)', async () => {
    const { paras } = await read(opinion);
    expect(paras.filter((p) => p !== '')).toEqual(opinionPlainText(opinion).split('\n'));
  });

  it('lays out an A4 page with the GB/T 9704 margins, 二号 title and 三号 仿宋 body', async () => {
    const { xml } = await read(opinion);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)![1]!;
    const attr = (k: string) => Number(new RegExp(`w:${k}="(\\d+)"`).exec(margin)![1]);
    // 37/35/28/26 mm in twips (1 mm = 56.69 twips), to the twip.
    expect([attr('top'), attr('bottom'), attr('left'), attr('right')]).toEqual([
      2098, 1984, 1587, 1474,
    ]);
    expect(xml).toContain(`w:eastAsia="${OPINION_FONTS.title}"`);
    expect(xml).toContain('<w:sz w:val="44"/>');
    expect(xml).toContain(`w:eastAsia="${OPINION_FONTS.body}"`);
    expect(xml).toContain('<w:sz w:val="32"/>');
  });

  it('keeps its structure for an empty review', async () => {
    const { paras } = await read(buildOpinion({ ...base, findings: [] }));
    expect(paras).toContain('未发现问题。');
    expect(paras.some((p) => /^[一二三]、审查结论$/.test(p))).toBe(true);
  });

  it.each([
    ['markup in the title', '<w:p><w:r><w:t>注入</w:t></w:r></w:p>&amp;'],
    ['a script tag', '<script>alert(1)</script>'],
    ['an XML comment and CDATA', '<!-- x --><![CDATA[y]]>'],
  ])('writes %s as text, never as markup', async (_, title) => {
    const o = buildOpinion({ ...base, findings: [finding({ message: title })], docTitle: title });
    const { paras, xml } = await read(o);
    expect(paras).toContain(`文件名称：${title}`);
    expect(paras.some((p) => p.includes(title))).toBe(true);
    // Only the writer's own paragraphs exist: as many as the plain text has lines, plus blanks.
    expect(paras.filter((p) => p !== '')).toHaveLength(opinionPlainText(o).split('\n').length);
    expect(xml).not.toContain('<script>');
  });

  it.each([
    ['control characters', '文件\u0001名\u0008称\u000B', '文件名称'],
    ['U+FFFE / U+FFFF', '文件\uFFFE名\uFFFF称', '文件名称'],
    ['a lone surrogate', '文件\uD800名称\uDC00', '文件名称'],
    ['a real astral character stays', '文件𠀀名称', '文件𠀀名称'],
    ['tabs and line breaks stay', '文件\t名称', '文件\t名称'],
  ])('strips characters XML cannot carry: %s', async (_, title, clean) => {
    expect(xmlSafe(title)).toBe(clean);
    const { paras } = await read(buildOpinion({ ...base, findings: [], docTitle: title }));
    expect(paras[1]).toBe(`文件名称：${clean.replace(/\s+/g, ' ')}`);
  });

  it('writes 200 items with 10,000-character quotes into a readable file', async () => {
    const findings = Array.from({ length: 200 }, (_, i) =>
      finding({
        ruleId: `national/R${i}`,
        range: { start: i, end: i + 1 },
        anchor: { exact: '长'.repeat(10_000), prefix: '', suffix: '' },
      }),
    );
    const { paras } = await read(buildOpinion({ ...base, findings }));
    expect(paras.filter((p) => /^\d+\. /.test(p))).toHaveLength(200);
  });
});

describe('opinionFileName', () => {
  it.each([
    ['银湖市犬只管理办法', '银湖市犬只管理办法.审查意见书.docx'],
    ['draft.docx', 'draft.审查意见书.docx'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j.审查意见书.docx'],
    ['名\u0000称\u001F', '名称.审查意见书.docx'],
    ['  ..  ', '未命名文件.审查意见书.docx'],
    ['', '未命名文件.审查意见书.docx'],
    ['长'.repeat(300), `${'长'.repeat(80)}.审查意见书.docx`],
  ])('%j → %j', (name, file) => {
    expect(opinionFileName(name)).toBe(file);
  });
});
