/**
 * Reading the portal's metadata (`model.meta`, canonical label keys) for the fact
 * extractors, located in the text when the `key：value` line is part of it.
 */
import type { DocContext } from '../context';
import { findDates, parseDate, type YMD } from './dates';
import type { Located, Span } from './types';

/** First value of the first meta key present, trimmed. */
export function metaValue(ctx: DocContext, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = ctx.model.meta[k];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** A metadata date, located in the text when the meta line is part of it. */
export function metaDate(ctx: DocContext, keys: readonly string[]): Located<YMD> | null {
  const v = metaValue(ctx, keys);
  if (!v) return null;
  const hits = findDates(v);
  const date = hits[0]?.date ?? parseDate(v);
  if (!date) return null;
  const text = hits[0]?.text ?? v;
  const span = locateMeta(ctx, keys, text);
  return { value: date, text, ...span, source: span.end > span.start ? 'text' : 'meta' };
}

/** Where a meta value appears in the text (the `key：value` line), or an empty span. */
export function locateMeta(ctx: DocContext, keys: readonly string[], value: string): Span {
  for (const b of ctx.model.blocks) {
    if (b.start > ctx.headerEnd + 2000) break;
    if (b.kind !== 'meta') continue;
    const line = ctx.norm.slice(b.start, b.end);
    if (!keys.some((k) => line.includes(k))) continue;
    const i = ctx.raw.indexOf(value, b.start);
    if (i !== -1 && i + value.length <= b.end) return { start: i, end: i + value.length };
  }
  return { start: 0, end: 0 };
}
