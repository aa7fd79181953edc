/**
 * .docx → text with paragraph provenance.
 *
 * Read straight from the package's XML (WordprocessingML) rather than through an HTML
 * converter, for three reasons the review depends on:
 * - **Tracked changes** are read as they would be accepted: inserted and moved-to text is
 *   kept, deleted and moved-from text is left out, and the reviewer is told the file has
 *   修订 (and 批注) — nothing is merged silently.
 * - **Automatic numbering** is rebuilt from numbering.xml (「第%1条」 with 中文 counting, 「%1、」
 *   …): a Word file whose articles are numbered by the list feature has no 第一条 in its runs,
 *   and the engine reads articles by those words.
 * - **Bounded**: every part is inflated through the counting zip reader (./zip.ts).
 *
 * Tables become one line per row with cells separated by '\t'; footnotes follow the body;
 * headers, footers, field codes and the hidden duplicates of text boxes are left out.
 */
import { Parser } from 'htmlparser2';
import { FormatError, TextBuilder, type FileDocument } from './types';
import type { Zip } from './zip';

type Level = { fmt: string; text: string; start: number };

/** numId → levels, from word/numbering.xml. */
function readNumbering(xml: string | null): Map<string, Map<number, Level>> {
  const out = new Map<string, Map<number, Level>>();
  if (!xml) return out;
  const abstract = new Map<string, Map<number, Level>>();
  const numToAbs = new Map<string, string>();
  let curAbs: Map<number, Level> | null = null;
  let curLvl: Level | null = null;
  let curNum: string | null = null;
  const p = new Parser(
    {
      onopentag(name, a) {
        if (name === 'w:abstractNum') {
          curAbs = new Map();
          abstract.set(a['w:abstractNumId'] ?? '', curAbs);
        } else if (name === 'w:lvl' && curAbs) {
          curLvl = { fmt: 'decimal', text: '', start: 1 };
          curAbs.set(Number(a['w:ilvl'] ?? 0), curLvl);
        } else if (curLvl && name === 'w:numFmt') curLvl.fmt = a['w:val'] ?? 'decimal';
        else if (curLvl && name === 'w:lvlText') curLvl.text = a['w:val'] ?? '';
        else if (curLvl && name === 'w:start') curLvl.start = Number(a['w:val'] ?? 1) || 1;
        else if (name === 'w:num') curNum = a['w:numId'] ?? null;
        else if (name === 'w:abstractNumId' && curNum !== null)
          numToAbs.set(curNum, a['w:val'] ?? '');
      },
      onclosetag(name) {
        if (name === 'w:abstractNum') curAbs = null;
        else if (name === 'w:lvl') curLvl = null;
        else if (name === 'w:num') curNum = null;
      },
    },
    { xmlMode: true },
  );
  p.end(xml);
  for (const [num, abs] of numToAbs) {
    const levels = abstract.get(abs);
    if (levels) out.set(num, levels);
  }
  return out;
}

/** The number a list level prints for a count, in the level's format. */
function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'ideographTraditional':
      return cnNumber(n);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n)
        .split('')
        .map((d) => '〇一二三四五六七八九'[Number(d)])
        .join('');
    case 'lowerLetter':
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case 'upperLetter':
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalFullWidth':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'bullet':
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function roman(n: number): string {
  const t: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of t)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

/** Paragraph style ids whose numbering the style itself carries (w:style → w:numPr). */
function readStyleNumbering(xml: string | null): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  if (!xml) return out;
  let cur: string | null = null;
  let inPPr = false;
  let numId: string | null = null;
  let ilvl = 0;
  const p = new Parser(
    {
      onopentag(name, a) {
        if (name === 'w:style') {
          cur = a['w:type'] === 'paragraph' ? (a['w:styleId'] ?? null) : null;
          numId = null;
          ilvl = 0;
        } else if (name === 'w:pPr') inPPr = true;
        else if (cur && inPPr && name === 'w:numId') numId = a['w:val'] ?? null;
        else if (cur && inPPr && name === 'w:ilvl') ilvl = Number(a['w:val'] ?? 0);
      },
      onclosetag(name) {
        if (name === 'w:pPr') inPPr = false;
        else if (name === 'w:style') {
          if (cur && numId && numId !== '0') out.set(cur, { numId, ilvl });
          cur = null;
        }
      },
    },
    { xmlMode: true },
  );
  p.end(xml);
  return out;
}

/** Where the main document part is (from _rels/.rels), usually word/document.xml. */
function mainPart(zip: Zip): string {
  const rels = zip.text('_rels/.rels');
  if (rels) {
    const m =
      /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"/.exec(rels) ??
      /<Relationship\b[^>]*Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(rels);
    if (m && zip.has(m[1]!)) return m[1]!;
  }
  return 'word/document.xml';
}

/** Counts of what the reviewer must be told about. */
interface Marks {
  insertions: number;
  deletions: number;
  formatChanges: number;
}

/**
 * Reads paragraphs of a WordprocessingML part into the builder. Returns the counts of
 * tracked changes met.
 */
function readBody(
  xml: string,
  out: TextBuilder,
  numbering: Map<string, Map<number, Level>>,
  styleNum: Map<string, { numId: string; ilvl: number }>,
  counters: Map<string, number[]>,
  para: { n: number },
  opts: { footnotes?: boolean; maxChars: number },
): Marks {
  const marks: Marks = { insertions: 0, deletions: 0, formatChanges: 0 };
  // The subtree being skipped (deleted text, fallbacks, field instructions, old formatting):
  // its tag and how deep the same tag nests inside it.
  let skipTag: string | null = null;
  let skipDepth = 0;
  const startSkip = (name: string) => {
    skipTag = name;
    skipDepth = 1;
  };
  let inText = false;
  // Paragraph buffers: a text box's paragraphs nest inside a run of the outer paragraph.
  const stack: { text: string; numId: string | null; ilvl: number; style: string | null }[] = [];
  let tableDepth = 0;
  // Row being built at each table depth: cells of text.
  const rows: string[][] = [];
  let cellParas: string[] | null = null;
  const cellStack: (string[] | null)[] = [];
  let noteLabel: string | null = null;
  let noteCount = 0;

  const SKIP = new Set(['w:del', 'w:moveFrom', 'mc:Fallback', 'w:instrText', 'w:delInstrText']);

  const p = new Parser(
    {
      onopentag(name, a) {
        if (skipTag !== null) {
          if (name === skipTag) skipDepth++;
          return;
        }
        if (name === 'w:del' || name === 'w:moveFrom') marks.deletions++;
        if (SKIP.has(name)) {
          startSkip(name);
          return;
        }
        switch (name) {
          case 'w:ins':
          case 'w:moveTo':
            marks.insertions++;
            break;
          case 'w:rPrChange':
          case 'w:pPrChange':
          case 'w:sectPrChange':
          case 'w:tblPrChange':
            marks.formatChanges++;
            startSkip(name); // the old formatting inside is not text
            break;
          case 'w:footnote':
          case 'w:endnote':
            if (a['w:type'] === 'separator' || a['w:type'] === 'continuationSeparator')
              startSkip(name);
            else {
              noteCount++;
              noteLabel = `${name === 'w:footnote' ? '脚注' : '尾注'}${noteCount}：`;
            }
            break;
          case 'w:p':
            stack.push({ text: '', numId: null, ilvl: 0, style: null });
            break;
          case 'w:pStyle': {
            const top = stack[stack.length - 1];
            if (top) top.style = a['w:val'] ?? null;
            break;
          }
          case 'w:numId': {
            const top = stack[stack.length - 1];
            if (top) top.numId = a['w:val'] ?? null;
            break;
          }
          case 'w:ilvl': {
            const top = stack[stack.length - 1];
            if (top) top.ilvl = Number(a['w:val'] ?? 0) || 0;
            break;
          }
          case 'w:t':
            inText = true;
            break;
          case 'w:tab':
          case 'w:ptab': {
            const top = stack[stack.length - 1];
            // A tab stop inside w:pPr/w:tabs is a definition, not text: those are w:tab with
            // a w:val and no run around them.
            if (top && a['w:val'] === undefined) top.text += ' ';
            break;
          }
          case 'w:br':
          case 'w:cr': {
            const top = stack[stack.length - 1];
            if (top && a['w:type'] !== 'page' && a['w:type'] !== 'column') top.text += '\n';
            break;
          }
          case 'w:noBreakHyphen': {
            const top = stack[stack.length - 1];
            if (top) top.text += '-';
            break;
          }
          case 'w:sym': {
            const top = stack[stack.length - 1];
            const c = parseInt(a['w:char'] ?? '', 16);
            // Symbol-font characters (F0xx) have no Unicode meaning of their own.
            if (top && c > 0 && (c < 0xf000 || c > 0xf0ff)) top.text += String.fromCharCode(c);
            break;
          }
          case 'w:tbl':
            tableDepth++;
            cellStack.push(cellParas);
            cellParas = null;
            break;
          case 'w:tr':
            rows.push([]);
            break;
          case 'w:tc':
            cellParas = [];
            break;
        }
      },
      ontext(t) {
        if (skipTag !== null || !inText) return;
        const top = stack[stack.length - 1];
        if (top) top.text += t;
      },
      onclosetag(name) {
        if (skipTag !== null) {
          if (name === skipTag && --skipDepth === 0) skipTag = null;
          return;
        }
        switch (name) {
          case 'w:t':
            inText = false;
            break;
          case 'w:p': {
            const par = stack.pop()!;
            let prefix = '';
            const num =
              par.numId && par.numId !== '0'
                ? { numId: par.numId, ilvl: par.ilvl }
                : par.style
                  ? styleNum.get(par.style)
                  : undefined;
            if (num) prefix = listPrefix(num.numId, num.ilvl, numbering, counters);
            let text = prefix + par.text;
            if (noteLabel !== null) {
              text = noteLabel + text;
              noteLabel = null;
            }
            if (stack.length > 0) {
              // A text box's paragraph: its own line, before the paragraph holding it.
              emitLines(text);
            } else if (cellParas !== null) {
              const tt = text.replace(/\s+/g, ' ').trim();
              if (tt) cellParas.push(tt);
            } else emitLines(text);
            break;
          }
          case 'w:tc': {
            const row = rows[rows.length - 1];
            if (row && cellParas) row.push(cellParas.join(' '));
            cellParas = [];
            break;
          }
          case 'w:tr': {
            const row = rows.pop() ?? [];
            if (tableDepth > 1) {
              // A nested table: its rows join the outer cell's text.
              const outer = cellStack[cellStack.length - 1];
              if (outer) outer.push(row.filter(Boolean).join(' '));
            } else if (row.some((c) => c.trim())) {
              if (out.length <= opts.maxChars) {
                para.n++;
                out.line(row.join('\t'), { paragraph: para.n, table: true });
              }
            }
            break;
          }
          case 'w:tbl':
            tableDepth--;
            cellParas = cellStack.pop() ?? null;
            break;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  const emitLines = (text: string) => {
    // A manual line break (Shift+Enter) starts a new line of the same paragraph.
    const lines = text.split('\n');
    if (lines.every((l) => !l.trim())) return;
    para.n++;
    for (const l of lines)
      if (l.trim() && out.length <= opts.maxChars) out.line(l, { paragraph: para.n });
  };
  p.end(xml);
  return marks;
}

/** The printed number of a list paragraph, advancing its counters. */
function listPrefix(
  numId: string,
  ilvl: number,
  numbering: Map<string, Map<number, Level>>,
  counters: Map<string, number[]>,
): string {
  const levels = numbering.get(numId);
  const lvl = levels?.get(ilvl);
  if (!levels || !lvl) return '';
  let c = counters.get(numId);
  if (!c) {
    c = [];
    counters.set(numId, c);
  }
  c[ilvl] = (c[ilvl] ?? lvl.start - 1) + 1;
  // Deeper levels restart after a higher level advances.
  c.length = ilvl + 1;
  const text = lvl.text.replace(/%(\d)/g, (_, d: string) => {
    const k = Number(d) - 1;
    const l = levels.get(k);
    const n = c![k] ?? l?.start ?? 1;
    return formatNumber(n, l?.fmt ?? 'decimal');
  });
  if (lvl.fmt === 'bullet' || !text) return '';
  // Word puts a tab (or space) after the number; 「第一条」 is followed by a full-width space
  // in printed documents.
  return /[条章节款项]$/.test(text) ? text + '　' : text;
}

/** Reads a .docx package (already sniffed and opened). */
export function readDocx(zip: Zip, opts: { maxChars: number }): FileDocument {
  const part = mainPart(zip);
  const xml = zip.text(part);
  if (xml === null)
    throw new FormatError('corrupt', 'Word 文件缺少正文部分（word/document.xml），无法读取');
  const numbering = readNumbering(zip.text('word/numbering.xml'));
  const styleNum = readStyleNumbering(zip.text('word/styles.xml'));
  const out = new TextBuilder();
  const counters = new Map<string, number[]>();
  const para = { n: 0 };
  const marks = readBody(xml, out, numbering, styleNum, counters, para, opts);
  for (const notes of ['word/footnotes.xml', 'word/endnotes.xml']) {
    const nx = zip.text(notes);
    if (nx) {
      const m = readBody(nx, out, numbering, styleNum, counters, para, {
        ...opts,
        footnotes: true,
      });
      marks.insertions += m.insertions;
      marks.deletions += m.deletions;
      marks.formatChanges += m.formatChanges;
    }
  }
  const notices: string[] = [];
  const changes = marks.insertions + marks.deletions + marks.formatChanges;
  if (changes > 0)
    notices.push(
      `文件含修订（插入 ${marks.insertions} 处、删除 ${marks.deletions} 处${marks.formatChanges ? `、格式修改 ${marks.formatChanges} 处` : ''}），审查的是全部接受修订后的文本`,
    );
  const comments = countComments(zip.text('word/comments.xml'));
  if (comments > 0) notices.push(`文件含批注 ${comments} 条，批注内容未纳入审查`);
  if (zip.has('word/vbaProject.bin')) notices.push('文件含宏，宏未执行，也未纳入审查');
  const rels = zip.text(part.replace(/([^/]+)$/, '_rels/$1.rels'));
  if (rels && /TargetMode="External"/.test(rels))
    notices.push('文件引用了外部资源（链接或图片），未加载');
  if (out.length > opts.maxChars)
    notices.push(`文件过长，只审查了前 ${opts.maxChars.toLocaleString('en-US')} 个字符`);
  const text = out.text();
  if (!text.trim()) throw new FormatError('empty', 'Word 文件中没有文字（可能只有图片），无法审查');
  return {
    format: 'docx',
    text,
    spans: out.spans,
    pages: null,
    pageStarts: [],
    notices,
    title: null,
  };
}

function countComments(xml: string | null): number {
  if (!xml) return 0;
  return (xml.match(/<w:comment\b/g) ?? []).length;
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (list numbers up to 9999). */
export function cnNumber(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n > 9999) return String(n);
  const units = ['', '十', '百', '千'];
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const u = units[ds.length - 1 - i]!;
    if (d === 0) zero = out !== '';
    else {
      if (zero) out += '零';
      zero = false;
      out += CN_DIGITS[d]! + u;
    }
  });
  // 一十 → 十 for 10–19.
  return out.startsWith('一十') ? out.slice(1) : out;
}
