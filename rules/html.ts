/**
 * The Node side of extraction: HTML string → htmlparser2/domhandler tree → the shared
 * algorithm of rules/extract/. Used by the engine's `modelFromHtml`, the CLI and tests.
 * The page side runs the same algorithm on the live DOM (lib/page/extract.ts).
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element, Text } from 'domhandler';
import { extractFrom, type Attachment, type TreeAdapter } from './extract';

/** domhandler nodes seen through the extraction adapter. */
export const domhandlerAdapter: TreeAdapter<AnyNode> = {
  // <script>/<style> are their own node types in domhandler; they are elements all the same.
  isElement: (n) => n.type === 'tag' || n.type === 'script' || n.type === 'style',
  isText: (n) => n.type === 'text',
  tag: (n) => (n as Element).name.toLowerCase(),
  attr: (n, name) => (n as Element).attribs?.[name] ?? null,
  children: (n) => ('children' in n ? (n.children as AnyNode[]) : []),
  text: (n) => (n as Text).data ?? '',
  hasAttributes: (n) => {
    for (const _ in (n as Element).attribs) return true;
    return false;
  },
};

/** What the engine needs from an HTML page. */
export interface DocumentExtract {
  text: string;
  title: string | null;
  meta: Record<string, string>;
  attachments: Attachment[];
}

/**
 * Extract the main document of an HTML page: text (blocks on lines, metadata block excluded),
 * title, portal metadata and attachment links (resolved against `url` when given).
 */
export function extractDocument(
  html: string,
  url?: string,
  opts: { maxChars?: number } = {},
): DocumentExtract {
  const doc = parseDocument(html, { decodeEntities: true });
  const x = extractFrom<AnyNode>(doc, domhandlerAdapter, { url, maxChars: opts.maxChars });
  return { text: x.text, title: x.title, meta: x.meta, attachments: x.attachments };
}
