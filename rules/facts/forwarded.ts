/**
 * A 转发 notice carries the forwarded document after its own signature and date: that
 * document's number, dates and periods are not the notice's. This extractor finds where the
 * notice's own part ends.
 */
import type { DocContext } from '../context';
import type { Block } from '../model';
import { defineExtractor } from './types';

export const forwardedExtractor = defineExtractor({
  name: 'forwarded',
  needs: ['titleNorm'],
  provides: ['forwarded', 'ownEnd', 'forwardedAt'],
  run({ doc, facts }) {
    const forwarded = forwardedFrom(doc, facts.titleNorm);
    return {
      forwarded,
      ownEnd: forwarded?.end ?? Infinity,
      forwardedAt: forwarded ? forwarded.end : null,
    };
  },
});

/**
 * The date block that closes a 转发 notice's own part (「青岚市人民政府办公室／2025年12月1日」
 * before the forwarded text), or null when the page is not a forwarding notice or the
 * forwarded text is not on it.
 */
function forwardedFrom(ctx: DocContext, titleNorm: string): Block | null {
  if (!/转发/.test(titleNorm)) return null;
  const blocks = ctx.model.blocks;
  for (let i = 0; i < blocks.length - 2 && i < 60; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'date' || b.start < ctx.headerEnd) continue;
    // Something substantial must follow: the forwarded document itself.
    const rest = blocks.slice(i + 1).reduce((n, x) => n + (x.end - x.start), 0);
    return rest > 80 ? b : null;
  }
  return null;
}
