/**
 * .ofd (GB/T 33190-2016, the fixed-layout format many governments publish in) → text with page
 * and line provenance. An OFD is a zip of XML: OFD.xml names the document root, Document.xml
 * lists the pages, each page's Content.xml holds TextObjects whose TextCodes carry the text at
 * positions (millimetres, y down). Page templates (running headers and footers), annotations
 * and signatures are not read; lines and paragraphs are rebuilt by ./layout.ts as for PDF.
 */
import { Parser } from 'htmlparser2';
import { layOut, type PageRuns, type Run } from './layout';
import { FILE_LIMITS, FormatError, type FileDocument } from './types';
import type { Zip } from './zip';

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Joins a base folder and a location inside the package ("/Doc_0/…" is from the root). */
function resolve(base: string, loc: string): string {
  const l = loc.trim().replace(/\\/g, '/');
  const parts = (l.startsWith('/') ? l.slice(1) : base ? `${base}/${l}` : l).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

function nums(s: string | undefined): number[] {
  return (s ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

/** DeltaX/DeltaY with the 「g N v」 shorthand expanded. */
function deltas(s: string | undefined): number[] {
  const t = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') {
      const n = Math.min(Number(t[i + 1]), 100_000);
      const v = Number(t[i + 2]);
      for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else out.push(Number(t[i]));
  }
  return out.map((v) => (Number.isFinite(v) ? v : 0));
}

/** The runs of one page's Content.xml. */
function pageRuns(xml: string): Run[] {
  const runs: Run[] = [];
  let obj: { x: number; y: number; size: number; sx: number } | null = null;
  let code: { x: number; y: number; dx: number[]; text: string } | null = null;
  const p = new Parser(
    {
      onopentag(name, a) {
        const n = local(name);
        if (n === 'TextObject') {
          const b = nums(a.Boundary);
          const ctm = nums(a.CTM);
          // A CTM scaling the text (a, d) changes its printed size; rotation is not followed.
          const sx = ctm.length === 6 ? Math.abs(ctm[0]!) || 1 : 1;
          obj = { x: b[0] ?? 0, y: b[1] ?? 0, size: (Number(a.Size) || 3.5) * sx, sx };
        } else if (n === 'TextCode' && obj) {
          code = {
            x: obj.x + (Number(a.X) || 0) * obj.sx,
            y: obj.y + (Number(a.Y) || 0) * obj.sx,
            dx: deltas(a.DeltaX).map((v) => v * obj!.sx),
            text: '',
          };
        }
      },
      ontext(t) {
        if (code) code.text += t;
      },
      onclosetag(name) {
        const n = local(name);
        if (n === 'TextCode' && code && obj) {
          const chars = [...code.text];
          let w = 0;
          for (let i = 0; i < chars.length - 1; i++) w += code.dx[i] ?? obj.size;
          w += obj.size * (/[\x20-\x7e]/.test(chars[chars.length - 1] ?? '') ? 0.5 : 1);
          runs.push({ str: code.text, x: code.x, y: code.y, w, size: obj.size });
          code = null;
        } else if (n === 'TextObject') obj = null;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  p.end(xml);
  return runs;
}

/** Reads an OFD package (already sniffed and opened). */
export function readOfd(
  zip: Zip,
  opts: { maxPages?: number; maxChars?: number } = {},
): FileDocument {
  const maxPages = opts.maxPages ?? FILE_LIMITS.maxPages;
  const maxChars = opts.maxChars ?? FILE_LIMITS.maxChars;
  const root = zip.text('OFD.xml');
  if (!root) throw new FormatError('corrupt', 'OFD 文件缺少 OFD.xml，无法读取');
  const m = /<(?:\w+:)?DocRoot>([^<]+)<\/(?:\w+:)?DocRoot>/.exec(root);
  if (!m) throw new FormatError('corrupt', 'OFD 文件没有指明文档根（DocRoot），无法读取');
  const docPath = resolve('', m[1]!);
  const docXml = zip.text(docPath);
  if (!docXml) throw new FormatError('corrupt', `OFD 文件缺少文档描述（${docPath}），无法读取`);
  const base = dirOf(docPath);
  // Page size: the document's PhysicalBox (mm); a page may set its own.
  let box = [0, 0, 210, 297];
  const pages: string[] = [];
  let inPhysical = false;
  let physical = '';
  const p = new Parser(
    {
      onopentag(name, a) {
        const n = local(name);
        if (n === 'PhysicalBox') {
          inPhysical = true;
          physical = '';
        } else if (n === 'Page' && a.BaseLoc) pages.push(resolve(base, a.BaseLoc));
      },
      ontext(t) {
        if (inPhysical) physical += t;
      },
      onclosetag(name) {
        if (local(name) === 'PhysicalBox' && inPhysical) {
          inPhysical = false;
          const b = nums(physical);
          if (b.length === 4 && pages.length === 0) box = b;
        }
      },
    },
    { xmlMode: true },
  );
  p.end(docXml);
  if (pages.length === 0) throw new FormatError('empty', 'OFD 文件没有页面，无法审查');
  const n = Math.min(pages.length, maxPages);
  const laidPages: PageRuns[] = [];
  let chars = 0;
  for (let i = 0; i < n; i++) {
    const path = pages[i]!;
    // BaseLoc names either the Content.xml or the page's folder.
    const xml = zip.text(path) ?? zip.text(`${path}/Content.xml`);
    const runs = xml ? pageRuns(xml) : [];
    let w = box[2]!;
    let h = box[3]!;
    const own = xml ? /<(?:\w+:)?PhysicalBox>([^<]+)</.exec(xml) : null;
    if (own) {
      const b = nums(own[1]);
      if (b.length === 4) [w, h] = [b[2]!, b[3]!];
    }
    laidPages.push({ runs, width: w, height: h });
    for (const r of runs) chars += r.str.length;
    if (chars > maxChars * 1.2) break;
  }
  const laid = layOut(laidPages, { maxChars });
  if (laid.text.replace(/\s/g, '').length < 10)
    throw new FormatError(
      'scanned',
      `扫描件，无法提取文字：这份 OFD（${pages.length} 页）没有文字，只有图像；请向起草单位索取可复制文字的文件`,
    );
  const notices: string[] = [];
  if (laidPages.length < pages.length)
    notices.push(`OFD 共 ${pages.length} 页，只读取了前 ${laidPages.length} 页，其余未审查`);
  if (laid.emptyPages.length)
    notices.push(`第 ${laid.emptyPages.join('、')} 页没有文字（可能是图片），这些页未审查`);
  return {
    format: 'ofd',
    text: laid.text,
    spans: laid.spans,
    pages: pages.length,
    pageStarts: laid.pageStarts,
    notices,
    title: null,
  };
}
