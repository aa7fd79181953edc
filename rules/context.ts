/**
 * Per-check document context: the raw text, its matching copy, a line index and the header
 * area. Built once per check so that no extractor or kind rescans the document for these.
 */
import type { Block, DocumentModel } from './model';
import { LineIndex, lowerBound, normalizeForMatching } from './text';

export type DocContext = {
  model: DocumentModel;
  /** Exactly the model text; format checks read this. */
  raw: string;
  /** Same-length matching copy (see normalizeForMatching); offsets are shared with raw. */
  norm: string;
  lines: LineIndex;
  /** Offset where the header (title, numbers, addressees) ends and the body begins. */
  headerEnd: number;
  /** Offset where the closing part (signature, date, attachments) begins. */
  closingStart: number;
  /** Block starts, for O(log n) block lookups. */
  blockStarts: number[];
  /** Block containing an offset, or null between blocks. */
  blockAt(offset: number): Block | null;
};

/** Builds the context for a model. */
export function makeContext(model: DocumentModel): DocContext {
  const raw = model.text;
  const norm = normalizeForMatching(raw);
  const blocks = model.blocks;
  const blockStarts = blocks.map((b) => b.start);
  let headerEnd = raw.length;
  let titleSeen = false;
  for (let i = 0; i < blocks.length && i < 25; i++) {
    const b = blocks[i]!;
    if (b.kind === 'title') titleSeen = true;
    const len = b.end - b.start;
    if (b.kind === 'article' || (b.kind === 'paragraph' && len > 40 && (titleSeen || i > 3))) {
      headerEnd = b.start;
      break;
    }
    if (i === 24) headerEnd = b.end;
  }
  if (blocks.length <= 25 && headerEnd === raw.length && blocks.length > 0) {
    // Short documents without an obvious body: the first three blocks are the header.
    headerEnd = blocks[Math.min(2, blocks.length - 1)]!.end;
  }
  // Closing part: from the last signature/date block that sits in the final 15 blocks.
  let closingStart = raw.length;
  for (let i = blocks.length - 1; i >= 0 && i >= blocks.length - 15; i--) {
    const b = blocks[i]!;
    if (b.kind === 'signature' || b.kind === 'date') closingStart = b.start;
  }
  const blockAt = (offset: number): Block | null => {
    const i = lowerBound(blockStarts, offset + 1) - 1;
    if (i < 0) return null;
    const b = blocks[i]!;
    return offset < b.end || (offset === b.end && b.end === b.start) ? b : null;
  };
  return {
    model,
    raw,
    norm,
    lines: new LineIndex(raw),
    headerEnd,
    closingStart,
    blockStarts,
    blockAt,
  };
}
