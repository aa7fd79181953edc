/**
 * What a file reader gives back: the document's text as the engine reads it, with where each
 * piece came from in the file (paragraph for Word, page and line for PDF/OFD), and what the
 * reviewer must be told about the file (修订, 批注, pages left out). Pure types and helpers.
 */

/** The formats read from bytes. */
export type FileFormat = 'docx' | 'pdf' | 'ofd';

/** Why a file could not be read; every code comes with a precise Chinese message. */
export type FormatErrorCode =
  | 'unknown' // not a format we read (sniffed from the bytes)
  | 'legacy' // .doc/.wps/.et (OLE2 binary)
  | 'encrypted' // password-protected
  | 'corrupt' // broken zip, broken PDF
  | 'too-large' // over a size cap (file, expanded zip, pages)
  | 'scanned' // a PDF/OFD with no text layer
  | 'empty'; // a readable file with no text at all

/** A reader's refusal. `message` is for the reviewer (Chinese). */
export class FormatError extends Error {
  constructor(
    readonly code: FormatErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

/**
 * A piece of the text and where it came from. Word: one span per paragraph (`paragraph` is
 * 1-based in reading order, table rows and footnotes counted as paragraphs too). PDF/OFD: one
 * span per printed line (`page`, and `line` 1-based on that page after headers are dropped).
 */
export interface SourceSpan {
  start: number;
  end: number;
  paragraph?: number;
  page?: number;
  line?: number;
  /** A table row (cells separated by '\t' in the text). */
  table?: boolean;
}

/** A file turned into text. `text` feeds `modelFromText`; offsets in findings index it. */
export interface FileDocument {
  format: FileFormat;
  text: string;
  /** Sorted by start, non-overlapping. */
  spans: SourceSpan[];
  /** Pages in the file (PDF/OFD), null for Word. */
  pages: number | null;
  /** Offset in `text` where each read page starts (PDF/OFD), for page marks. */
  pageStarts: number[];
  /** What the reviewer must be told about this file (Chinese), e.g. 含修订. */
  notices: string[];
  /** The document's title from the file's properties, when it has one. */
  title: string | null;
}

/** Where an offset is in the file. */
export interface SourceLocation {
  paragraph?: number;
  page?: number;
  line?: number;
}

/** The location of a text offset (the span holding it, or the nearest one before it). */
export function locate(doc: Pick<FileDocument, 'spans'>, offset: number): SourceLocation | null {
  const s = doc.spans;
  let lo = 0;
  let hi = s.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]!.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return null;
  const sp = s[best]!;
  const out: SourceLocation = {};
  if (sp.paragraph !== undefined) out.paragraph = sp.paragraph;
  if (sp.page !== undefined) out.page = sp.page;
  if (sp.line !== undefined) out.line = sp.line;
  return out;
}

/** 「第 3 页第 12 行」 or 「第 12 段」. */
export function locationLabel(loc: SourceLocation | null): string {
  if (!loc) return '';
  if (loc.page !== undefined)
    return `第 ${loc.page} 页` + (loc.line !== undefined ? `第 ${loc.line} 行` : '');
  if (loc.paragraph !== undefined) return `第 ${loc.paragraph} 段`;
  return '';
}

/** Builds text and spans line by line. */
export class TextBuilder {
  private parts: string[] = [];
  private len = 0;
  readonly spans: SourceSpan[] = [];
  readonly pageStarts: number[] = [];

  /** Appends one line (no '\n' inside) with its provenance; empty lines are skipped. */
  line(text: string, where: Omit<SourceSpan, 'start' | 'end'>): void {
    const t = text.replace(/\n/g, ' ');
    if (!t.trim()) return;
    if (this.len > 0) {
      this.parts.push('\n');
      this.len += 1;
    }
    this.spans.push({ start: this.len, end: this.len + t.length, ...where });
    this.parts.push(t);
    this.len += t.length;
  }

  /** Appends to the current line (a paragraph continued on the next printed line). */
  continueLine(text: string, where: Omit<SourceSpan, 'start' | 'end'>): void {
    if (!text) return;
    if (this.len === 0) return this.line(text, where);
    this.spans.push({ start: this.len, end: this.len + text.length, ...where });
    this.parts.push(text);
    this.len += text.length;
  }

  /** The last character written, or ''. */
  lastChar(): string {
    const p = this.parts[this.parts.length - 1];
    return p ? p[p.length - 1]! : '';
  }

  /** Marks where the next page starts. */
  page(): void {
    this.pageStarts.push(this.len === 0 ? 0 : this.len + 1);
  }

  get length(): number {
    return this.len;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Caps shared by the readers (a hostile file is refused or bounded, never followed). */
export const FILE_LIMITS = {
  /** Bytes of a file we open at all. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Pages read from a PDF/OFD; past this the reviewer is told the rest was not read. */
  maxPages: 500,
  /** Characters of text kept (the engine's own cap is higher; a longer file is a compilation). */
  maxChars: 600_000,
};

/** 「12.3 MB」. */
export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
