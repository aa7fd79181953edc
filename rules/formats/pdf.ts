/**
 * .pdf → text with page and line provenance, through pdf.js. The pdf.js module is passed in
 * (the legacy build in Node for the CLI and tests; the browser build with its worker in the
 * extension), so this file stays pure and the heavy library is loaded only where a PDF is
 * actually opened.
 *
 * Lines and paragraphs are rebuilt from the text items' positions (./layout.ts); running
 * headers, footers and page numbers are left out; a PDF without a text layer is refused as
 * 扫描件 — never passed as an empty document.
 */
import { layOut, type PageRuns, type Run } from './layout';
import { FILE_LIMITS, FormatError, type FileDocument } from './types';

/** The part of pdf.js's text item this reader uses. */
interface TextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** The part of pdf.js's API this reader uses (structural, so no type import of the library). */
export interface PdfJs {
  getDocument(src: Record<string, unknown>): {
    promise: Promise<PdfDoc>;
    destroy(): Promise<void>;
  };
}
interface PdfDoc {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
interface PdfPage {
  getViewport(o: { scale: number }): { width: number; height: number };
  getTextContent(): Promise<{ items: unknown[] }>;
  cleanup(): boolean | void;
}

/** Options of {@link readPdf}. */
export interface PdfOptions {
  maxPages?: number;
  maxChars?: number;
  /** Extra getDocument options (cMapUrl, standardFontDataUrl, worker …). */
  docOptions?: Record<string, unknown>;
  /** Called after each page (progress in the page UI; lets a caller yield). */
  onPage?: (done: number, total: number) => void | Promise<void>;
}

/** Text runs of one page, top-down. */
function runsOf(items: unknown[], height: number): Run[] {
  const out: Run[] = [];
  for (const raw of items) {
    const it = raw as TextItem;
    if (typeof it.str !== 'string' || !it.transform) continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = it.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || it.height || 1;
    out.push({ str: it.str, x: e, y: height - f, w: it.width ?? it.str.length * size, size });
  }
  return out;
}

/**
 * Reads a PDF. Throws {@link FormatError} for an encrypted, broken or scanned file.
 */
export async function readPdf(
  bytes: Uint8Array,
  pdfjs: PdfJs,
  opts: PdfOptions = {},
): Promise<FileDocument> {
  const maxPages = opts.maxPages ?? FILE_LIMITS.maxPages;
  const maxChars = opts.maxChars ?? FILE_LIMITS.maxChars;
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    ...opts.docOptions,
  });
  let doc: PdfDoc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as { name?: string }).name ?? '';
    if (name === 'PasswordException')
      throw new FormatError(
        'encrypted',
        'PDF 文件已加密（需要密码），无法读取；请提供未加密的文件',
      );
    throw new FormatError(
      'corrupt',
      `PDF 文件已损坏或格式无效，无法读取（${(e as Error).message || name}）`,
    );
  }
  try {
    const total = doc.numPages;
    const n = Math.min(total, maxPages);
    const pages: PageRuns[] = [];
    let chars = 0;
    let read = 0;
    for (let i = 1; i <= n; i++) {
      const page = await doc.getPage(i);
      const vp = page.getViewport({ scale: 1 });
      const tc = await page.getTextContent();
      const runs = runsOf(tc.items, vp.height);
      page.cleanup();
      pages.push({ runs, width: vp.width, height: vp.height });
      read = i;
      for (const r of runs) chars += r.str.length;
      await opts.onPage?.(i, n);
      if (chars > maxChars * 1.2) break;
    }
    const laid = layOut(pages, { maxChars });
    const visible = laid.text.replace(/\s/g, '').length;
    // No text layer: nothing, or a few stray characters (a scanner's page stamp).
    if (visible < Math.min(20, 2 * read + 1))
      throw new FormatError(
        'scanned',
        `扫描件，无法提取文字：这份 PDF（${total} 页）没有文字层，只有图像；请向起草单位索取 Word 或可复制文字的 PDF`,
      );
    const notices: string[] = [];
    if (read < total)
      notices.push(
        `PDF 共 ${total} 页，只读取了前 ${read} 页（上限 ${maxPages} 页或 ${maxChars.toLocaleString('en-US')} 个字符），其余未审查`,
      );
    if (laid.emptyPages.length)
      notices.push(
        `第 ${shortList(laid.emptyPages)} 页没有文字层（可能是扫描页或图片），这些页未审查`,
      );
    if (laid.length > maxChars)
      notices.push(`文件过长，只审查了前 ${maxChars.toLocaleString('en-US')} 个字符`);
    return {
      format: 'pdf',
      text: laid.text,
      spans: laid.spans,
      pages: total,
      pageStarts: laid.pageStarts,
      notices,
      title: null,
    };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

/** 「2、5、7 等 12」 for a long list of page numbers. */
function shortList(ns: number[]): string {
  return ns.length <= 8 ? ns.join('、') : `${ns.slice(0, 8).join('、')} 等 ${ns.length} `;
}
