/**
 * Fact extraction: every fact the rules and the UI need, each with its source range.
 *
 * Each fact family is one extractor in this folder (title.ts, docnumber.ts, issue-dates.ts,
 * effective.ts, validity.ts, draft.ts …), run in the order declared in pipeline.ts, which
 * checks that every fact an extractor needs comes from an earlier one. One pass per pattern
 * family over the matching copy; no per-match rescans.
 */
import type { DocContext } from '../context';
import type { Facts, FactSpan } from '../schema';
import { type YMD, fromISO, addDays, addMonths, toISO } from './dates';
import { factPipeline } from './pipeline';
import type { ExtractedFacts, Span } from './types';

export type { EffectiveFact, ExtractedFacts, Located, Span, ValidityFact } from './types';
export { EFFECTIVE_TAIL_RE, tailCanEnd } from './effective';

/**
 * Extracts all facts. `regPatterns` are extra registration-number patterns from the packs.
 * `today` only fills the year of a month-day deadline when nothing else gives it.
 */
export function extractFacts(
  ctx: DocContext,
  today: YMD,
  regPatterns: readonly RegExp[] = [],
): ExtractedFacts {
  const f = factPipeline.run({ doc: ctx, today, regPatterns });
  // The facts only, in their documented order (the pipeline's working facts stay behind).
  return {
    title: f.title,
    docNumbers: f.docNumbers,
    ownDocNumber: f.ownDocNumber,
    regNumbers: f.regNumbers,
    registration: f.registration,
    issuer: f.issuer,
    writtenDate: f.writtenDate,
    publishedDate: f.publishedDate,
    promulgatedDate: f.promulgatedDate,
    publishDate: f.publishDate,
    effective: f.effective,
    effectiveClauses: f.effectiveClauses,
    validity: f.validity,
    expiry: f.expiry,
    trial: f.trial,
    notice: f.notice,
    draftMarkers: f.draftMarkers,
    isDraft: f.isDraft,
    forwardedAt: f.forwardedAt,
    commentDeadline: f.commentDeadline,
    commentStart: f.commentStart,
    attachments: f.attachments,
    orderNumber: f.orderNumber,
  };
}

/** The plain facts as the CLI and storage see them (dates ISO, absent facts null). */
export function toFacts(f: ExtractedFacts): Facts {
  const iso = (d: YMD | null | undefined) => (d ? toISO(d) : null);
  return {
    title: f.title?.value ?? null,
    docNumber: f.ownDocNumber?.text ?? f.orderNumber?.text ?? null,
    registrationNumber: f.registration?.text ?? null,
    issuer: f.issuer?.value ?? null,
    publishDate: iso(f.publishDate?.value),
    signedDate: iso(f.writtenDate?.value),
    effectiveDate: iso(f.effective?.value),
    validity: {
      years: validityYears(f),
      until: iso(f.validity?.until),
      expiry: iso(f.expiry),
    },
    trial: f.trial !== null,
    isDraft: f.isDraft,
    commentDeadline: iso(f.commentDeadline?.value),
    attachments: f.attachments,
    citedDocNumbers: f.docNumbers.filter((h) => !h.own).map((h) => h.text),
    notice: f.notice,
  };
}

/**
 * The validity period in years: stated (有效期5年), or computed from an end date and the
 * start it counts from (explicit start, else the effective date, else publication).
 */
export function validityYears(f: ExtractedFacts): number | null {
  const v = f.validity;
  if (!v) return null;
  if (v.years !== null) return v.years;
  if (!v.until) return null;
  const from = v.from ?? f.effective?.value ?? f.publishDate?.value ?? null;
  return from ? yearsBetween(from, v.until) : null;
}

/** Length of [from, until] in years, rounded to months (2022-01-01…2026-12-31 → 5). */
export function yearsBetween(from: YMD, until: YMD): number {
  const end = addDays(until, 1);
  const months = (end.y - from.y) * 12 + (end.m - from.m) + (end.d - from.d) / 31;
  return Math.round(months) / 12;
}

/** Located facts for highlighting. */
export function toFactSpans(f: ExtractedFacts): FactSpan[] {
  const out: FactSpan[] = [];
  const add = (name: FactSpan['name'], value: string, s: Span | null | undefined) => {
    if (s && s.end > s.start) out.push({ name, value, range: { start: s.start, end: s.end } });
  };
  if (f.title) add('title', f.title.value, f.title);
  for (const h of f.docNumbers) add(h.own ? 'docNumber' : 'citedDocNumber', h.text, h);
  if (f.registration) add('registrationNumber', f.registration.text, f.registration);
  if (f.issuer) add('issuer', f.issuer.value, f.issuer);
  if (f.publishDate) add('publishDate', toISO(f.publishDate.value), f.publishDate);
  if (f.writtenDate && f.writtenDate !== f.publishDate)
    add('signedDate', toISO(f.writtenDate.value), f.writtenDate);
  if (f.effective)
    add(
      'effectiveDate',
      f.effective.value ? toISO(f.effective.value) : f.effective.text,
      f.effective,
    );
  if (f.validity) add('validity', f.validity.text, f.validity);
  if (f.trial) add('trial', f.trial.value, f.trial);
  for (const d of f.draftMarkers) add('draft', d.value, d);
  if (f.commentDeadline) add('commentDeadline', toISO(f.commentDeadline.value), f.commentDeadline);
  out.sort((a, b) => a.range.start - b.range.start);
  return out;
}

export { fromISO, addMonths };
