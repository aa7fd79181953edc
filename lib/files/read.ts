/**
 * Reading a file in the extension: bytes from a picked or dropped file, or from the one
 * attachment URL the reviewer clicked (fetched at that moment, bounded in size), then the pure
 * readers of rules/formats/. pdf.js is loaded only when a PDF is opened, and parses in its own
 * worker (its worker script ships with the extension; no remote code).
 */
import { browser } from 'wxt/browser';
import {
  FILE_LIMITS,
  FormatError,
  readFile,
  sizeLabel,
  type FileDocument,
  type PdfJs,
} from '@/rules/formats';
import { readCapped } from '../net';
import { measure, now } from '../page/perf';

/** The file the page shows: its text and what identifies it. */
export interface OpenedFile {
  doc: FileDocument;
  name: string;
  size: number;
  /** SHA-256 of the file's bytes: the version the review record keeps. */
  sha256: string;
  /** Where it was fetched from (an attachment), absent for a local file. */
  sourceUrl?: string;
}

let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js with its worker (the parsing runs off the page's thread). */
export function loadPdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const t0 = now();
    const [lib, worker] = await Promise.all([
      import('pdfjs-dist'),
      import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
    ]);
    // bench:file-page names the long task of evaluating pdf.js's module by it.
    measure('guishen:pdfjs-load', t0);
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib as unknown as PdfJs;
  })();
  return pdfjsPromise;
}

/** The pdf.js options for the CMaps the extension ships (CJK fonts that are not embedded). */
function pdfOptions(): Record<string, unknown> {
  return { cMapUrl: browser.runtime.getURL('/pdfjs/cmaps/' as never), cMapPacked: true };
}

async function bytesHash(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads bytes into a document (throws FormatError with the Chinese message). */
export async function openBytes(
  bytes: Uint8Array,
  name: string,
  opts: { sourceUrl?: string; onPage?: (done: number, total: number) => void } = {},
): Promise<OpenedFile> {
  const doc = await readFile(bytes, {
    name,
    pdfjs: loadPdfjs,
    pdfOptions: pdfOptions(),
    ...(opts.onPage ? { onPage: opts.onPage } : {}),
  });
  return {
    doc,
    name,
    size: bytes.length,
    sha256: await bytesHash(bytes),
    ...(opts.sourceUrl ? { sourceUrl: opts.sourceUrl } : {}),
  };
}

function tooLarge(bytes: number): FormatError {
  return new FormatError(
    'too-large',
    `文件过大（${sizeLabel(bytes)}），超过 ${sizeLabel(FILE_LIMITS.maxFileBytes)} 的上限，不予读取；规范性文件的正文通常不足 1 MB，请确认是否选错了文件`,
  );
}

/** Reads a picked or dropped file. */
export async function openLocalFile(
  file: File,
  onPage?: (done: number, total: number) => void,
): Promise<OpenedFile> {
  // Refused before its bytes are read into memory.
  if (file.size > FILE_LIMITS.maxFileBytes) throw tooLarge(file.size);
  return openBytes(new Uint8Array(await file.arrayBuffer()), file.name, { onPage });
}

/** The file name of an attachment URL (its last path segment, decoded), or 附件. */
export function nameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').pop() ?? '';
    return decodeURIComponent(last) || '附件';
  } catch {
    return '附件';
  }
}

/**
 * Fetches the one attachment the reviewer asked for, reading at most the size cap (a server
 * that sends more, or says it will, is cut off), and reads it.
 */
export async function openAttachment(
  url: string,
  name: string,
  onPage?: (done: number, total: number) => void,
): Promise<OpenedFile> {
  if (!/^https?:\/\//i.test(url)) throw new FormatError('unknown', `附件地址无效：${url}`);
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'include', redirect: 'follow' });
  } catch (e) {
    throw new FormatError(
      'unknown',
      `无法下载附件（${(e as Error).message}）；可先下载到本机，再用「打开本地文件」审查`,
    );
  }
  if (!res.ok)
    throw new FormatError(
      'unknown',
      `无法下载附件：服务器返回 ${res.status}；可先下载到本机，再用「打开本地文件」审查`,
    );
  const cap = FILE_LIMITS.maxFileBytes;
  const body = await readCapped(res, cap);
  if ('tooLarge' in body)
    throw new FormatError(
      'too-large',
      body.declared !== null
        ? `附件过大（${(body.declared / 1024 / 1024).toFixed(1)} MB），超过 ${cap / 1024 / 1024} MB 的上限，未下载`
        : `附件过大（超过 ${cap / 1024 / 1024} MB 的上限），已停止下载`,
    );
  const { bytes } = body;
  return openBytes(bytes, name || nameFromUrl(url), { sourceUrl: url, onPage });
}
