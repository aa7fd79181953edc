/**
 * Reading a file in the extension: bytes from a picked or dropped file, or from the one
 * attachment URL the reviewer clicked (fetched at that moment, bounded in size), then the pure
 * readers of rules/formats/ — in the file page's worker (lib/files/worker-client.ts), so neither
 * the parsing (zip, XML, pdf.js) nor the layout of a PDF's lines holds the page's thread. pdf.js
 * is loaded there only when a PDF is opened (its parser ships with the extension; no remote
 * code).
 */
import { browser } from 'wxt/browser';
import { FILE_LIMITS, FormatError, sizeLabel, type FileDocument } from '@/rules/formats';
import { readCapped } from '../net';
import { PERF, measure, now } from '../page/perf';
import { fileWorker } from './worker-client';

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

/**
 * The pdf.js options for the worker: the CMaps the extension ships (CJK fonts that are not
 * embedded), fetched by pdf.js's parser in the worker itself (a worker has no `document`, which
 * pdf.js's page-side fetch reads), and no WebAssembly decoders (only images need them; the text
 * layer does not).
 */
function pdfOptions(): Record<string, unknown> {
  return {
    cMapUrl: browser.runtime.getURL('/pdfjs/cmaps/' as never),
    cMapPacked: true,
    useWorkerFetch: true,
    useWasm: false,
  };
}

/** Reads bytes into a document (throws FormatError with the Chinese message). */
export async function openBytes(
  bytes: Uint8Array,
  name: string,
  opts: { sourceUrl?: string; onPage?: (done: number, total: number) => void } = {},
): Promise<OpenedFile> {
  const size = bytes.length;
  const t0 = now();
  const { doc, sha256, ms, loadMs } = await fileWorker().read(bytes, name, {
    pdfOptions: pdfOptions(),
    ...(opts.onPage ? { onPage: opts.onPage } : {}),
  });
  // The wait for the worker, with its own time: bench:file-page tells it from the page's work.
  measure(PERF.offThread, t0, now(), { what: 'read', ms, loadMs });
  return {
    doc,
    name,
    size,
    sha256,
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
