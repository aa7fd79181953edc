/**
 * Attachments of the page: links to files (.doc/.docx/.pdf/.wps/.ofd/…, by their address or
 * their text) and documents shown in a viewer (<embed src="….pdf">), resolved against the
 * page's <base> and URL, each address once.
 */
import type { Attachment } from './types';

export const ATTACHMENT_RE = /\.(docx?|pdf|wps|ofd|xlsx?|zip|rar|et|dps)(\?|#|$)/i;
export const ATTACHMENT_NAME_RE = /\.(docx?|pdf|wps|ofd|xlsx?|zip|rar)\s*$/i;

/** A link the walk found, before its address is resolved. */
export type PendingLink = { name: string; href: string; title: string | null };

/**
 * The attachments of `links`, in order: `javascript:` links dropped, addresses resolved
 * against the page's <base href> (itself resolved against `url`) or `url`, each address
 * once, unnamed ones named after their file.
 */
export function resolveAttachments(
  links: readonly PendingLink[],
  baseHref: string | null,
  url: string | undefined,
): Attachment[] {
  const attachments: Attachment[] = [];
  const seenHref = new Set<string>();
  let base = url;
  if (baseHref) base = resolveUrl(baseHref, url) ?? base;
  for (const l of links) {
    if (/^\s*javascript:/i.test(l.href)) continue;
    const href = resolveUrl(l.href, base) ?? l.href;
    if (seenHref.has(href)) continue;
    seenHref.add(href);
    let name = l.name || (l.title ?? '').trim();
    if (!name) {
      const file = href.split(/[?#]/)[0].split('/').pop() ?? href;
      try {
        name = decodeURIComponent(file);
      } catch {
        name = file;
      }
    }
    attachments.push({ name, href });
  }
  return attachments;
}

function resolveUrl(href: string, base: string | undefined): string | null {
  try {
    return base ? new URL(href, base).href : new URL(href).href;
  } catch {
    return null;
  }
}
