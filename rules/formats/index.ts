/**
 * Files → the engine's document model. The format is sniffed from the bytes, never from the
 * name (a .docx renamed .pdf is read as Word, and the reviewer is told); each reader lives in
 * its own file. Hostile files are refused or bounded with a precise Chinese message
 * ({@link FormatError}): over-size files, zip bombs, broken containers, encrypted files, scans.
 *
 * Pure: runs in Node (CLI, tests, bench) and in extension pages. pdf.js is handed in by the
 * caller (a loader function), so reading a Word file never loads it.
 */
import { modelFromText, type DocumentModel } from '../model';
import { readDocx } from './docx';
import { readOfd } from './ofd';
import { readPdf, type PdfJs } from './pdf';
import { FILE_LIMITS, FormatError, sizeLabel, type FileDocument, type FileFormat } from './types';
import { Zip } from './zip';

export { FormatError, locate, locationLabel, FILE_LIMITS, sizeLabel } from './types';
export type { FileDocument, FileFormat, SourceLocation, SourceSpan } from './types';
export type { PdfJs } from './pdf';

/** What the bytes are. */
export type Sniffed = { format: FileFormat } | { format: null; error: FormatError };

const EXT_NAME: Record<FileFormat, string> = {
  docx: 'Word 文档（.docx）',
  pdf: 'PDF 文件',
  ofd: 'OFD 版式文件',
};

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

/** Whether UTF-16LE `name` occurs in the bytes (OLE2 stream names). */
function hasUtf16(b: Uint8Array, name: string): boolean {
  const n = name.length * 2;
  outer: for (let i = 0; i + n <= b.length; i++) {
    for (let k = 0; k < name.length; k++)
      if (b[i + 2 * k] !== name.charCodeAt(k) || b[i + 2 * k + 1] !== 0) continue outer;
    return true;
  }
  return false;
}

/**
 * Sniffs the format from the first bytes (and, for a zip, its directory). Returns the error to
 * show for what we do not read: old binary Office/WPS files, encrypted Office files, RTF,
 * other zips.
 */
export function sniff(bytes: Uint8Array): Sniffed & { zip?: Zip } {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return { format: 'pdf' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (hasUtf16(bytes.subarray(0, Math.min(bytes.length, 4 * 1024 * 1024)), 'EncryptedPackage'))
      return {
        format: null,
        error: new FormatError(
          'encrypted',
          '这是加密（设置了打开密码）的 Word 文件，无法读取；请取消密码后另存为 .docx 再审查',
        ),
      };
    return {
      format: null,
      error: new FormatError(
        'legacy',
        '这是旧版 Word 或 WPS 文件（.doc/.wps 二进制格式），浏览器中没有可靠的读取方法；请另存为 .docx 后审查',
      ),
    };
  }
  if (head.startsWith('{\\rtf'))
    return {
      format: null,
      error: new FormatError('legacy', '这是 RTF 文件；请另存为 .docx 后审查'),
    };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    let zip: Zip;
    try {
      zip = new Zip(bytes);
    } catch (e) {
      if (e instanceof FormatError) return { format: null, error: e };
      throw e;
    }
    if (zip.has('word/document.xml') || isWordPackage(zip)) return { format: 'docx', zip };
    if (zip.has('OFD.xml')) return { format: 'ofd', zip };
    const what = zip.has('xl/workbook.xml')
      ? 'Excel 表格（.xlsx）'
      : [...zip.entries.keys()].some((k) => k.startsWith('ppt/'))
        ? 'PowerPoint 演示文稿（.pptx）'
        : zip.has('mimetype') && /opendocument\.text/.test(zip.text('mimetype') ?? '')
          ? 'OpenDocument 文本（.odt），请另存为 .docx 后审查'
          : '普通压缩包';
    return {
      format: null,
      error: new FormatError('unknown', `这是${what}，不是可审查的 Word、PDF 或 OFD 文件`),
    };
  }
  return {
    format: null,
    error: new FormatError(
      'unknown',
      '无法识别的文件格式：内容既不是 Word（.docx）、PDF，也不是 OFD；只能审查这三种文件',
    ),
  };
}

function isWordPackage(zip: Zip): boolean {
  const ct = zip.text('[Content_Types].xml');
  return !!ct && /wordprocessingml\.document\.main\+xml/.test(ct);
}

/** Options of {@link readFile}. */
export interface ReadOptions {
  /** The file's name, to tell the reviewer when its extension does not match its bytes. */
  name?: string;
  /** Loads pdf.js (only called for a PDF). */
  pdfjs?: () => Promise<PdfJs>;
  /** Extra pdf.js getDocument options (cMapUrl …). */
  pdfOptions?: Record<string, unknown>;
  maxFileBytes?: number;
  maxPages?: number;
  maxChars?: number;
  onPage?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Reads a file's bytes into a {@link FileDocument}. Throws {@link FormatError} (with the
 * Chinese message to show) for anything refused.
 */
export async function readFile(bytes: Uint8Array, opts: ReadOptions = {}): Promise<FileDocument> {
  const maxFileBytes = opts.maxFileBytes ?? FILE_LIMITS.maxFileBytes;
  if (bytes.length > maxFileBytes)
    throw new FormatError(
      'too-large',
      `文件过大（${sizeLabel(bytes.length)}），超过 ${sizeLabel(maxFileBytes)} 的上限，不予读取；规范性文件的正文通常不足 1 MB，请确认是否选错了文件`,
    );
  if (bytes.length === 0) throw new FormatError('empty', '文件是空的（0 字节），无法审查');
  const s = sniff(bytes);
  if (s.format === null) throw s.error;
  const maxChars = opts.maxChars ?? FILE_LIMITS.maxChars;
  let doc: FileDocument;
  if (s.format === 'docx') doc = readDocx(s.zip!, { maxChars });
  else if (s.format === 'ofd')
    doc = readOfd(s.zip!, { maxChars, maxPages: opts.maxPages ?? FILE_LIMITS.maxPages });
  else {
    if (!opts.pdfjs) throw new FormatError('unknown', '此环境未配置 PDF 读取器，无法读取 PDF');
    doc = await readPdf(bytes, await opts.pdfjs(), {
      maxChars,
      maxPages: opts.maxPages ?? FILE_LIMITS.maxPages,
      docOptions: opts.pdfOptions,
      onPage: opts.onPage,
    });
  }
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(opts.name ?? '')?.[1]?.toLowerCase();
  if (ext && ext !== s.format)
    doc.notices.unshift(
      `文件名的扩展名是 .${ext}，内容实际是${EXT_NAME[s.format]}，已按实际格式读取`,
    );
  return doc;
}

/** The engine's model of a read file (the file name stands in as the title's last resort). */
export function fileModel(
  doc: FileDocument,
  extra: { url?: string; meta?: Record<string, string> } = {},
): DocumentModel {
  const model = modelFromText(doc.text, {
    ...(extra.meta ? { meta: extra.meta } : {}),
    ...(doc.title ? { title: doc.title } : {}),
    ...(extra.url !== undefined ? { url: extra.url } : {}),
  });
  return model;
}
