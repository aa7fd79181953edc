/**
 * The facts' types, and the contract of a fact extractor (rules/facts/pipeline.ts runs them).
 */
import type { DocContext } from '../context';
import type { Block } from '../model';
import type { YMD } from './dates';
import type { DocNumberHit } from './docnumber';
import type { RegNumberHit } from './regnumber';

export type Span = { start: number; end: number };
export type Located<T> = Span & { value: T; text: string; source: 'text' | 'meta' };

export type EffectiveFact = Located<YMD | null> & {
  /** null for an absolute date; otherwise which event it counts from. */
  relativeTo: 'issue' | 'publish' | null;
  /** N in 自公布之日起N日后施行. */
  offsetDays: number;
};

export type ValidityFact = Span & {
  text: string;
  source: 'text' | 'meta';
  years: number | null;
  until: YMD | null;
  /** Explicit start of the period when stated (有效期自A至B). */
  from: YMD | null;
};

export type ExtractedFacts = {
  title: Located<string> | null;
  docNumbers: DocNumberHit[];
  ownDocNumber: DocNumberHit | null;
  regNumbers: RegNumberHit[];
  registration: RegNumberHit | null;
  issuer: Located<string> | null;
  /** The signing date: 成文日期 (metadata) or the 落款 date that closes the document. */
  writtenDate: Located<YMD> | null;
  /** The portal's publication date (发布日期/公布日期 fields). */
  publishedDate: Located<YMD> | null;
  /**
   * The 公布 date the document's own text gives: the history line under a 规章's title, the
   * 令's date (rules/facts/promulgation.ts).
   */
  promulgatedDate: Located<YMD> | null;
  /** Publication as the rules use it: the text's 公布 date, else 公布/发布 fields, else 成文/印发. */
  publishDate: Located<YMD> | null;
  effective: EffectiveFact | null;
  /** Every 自…起施行/执行 clause with an absolute date, for retroactivity checks. */
  effectiveClauses: EffectiveFact[];
  validity: ValidityFact | null;
  /** Computed last day of validity. */
  expiry: YMD | null;
  trial: Located<string> | null;
  notice: boolean;
  draftMarkers: Located<string>[];
  isDraft: boolean;
  /** A 转发 notice with the forwarded text on the page: where that text begins, else null. */
  forwardedAt: number | null;
  commentDeadline: Located<YMD> | null;
  commentStart: YMD | null;
  attachments: { name: string; href: string }[];
  /** 规章 order number (…人民政府令第N号) found in the header. */
  orderNumber: Located<string> | null;
};

/**
 * Everything the extractors hand on: the facts, and the working facts only later extractors
 * read (they are not part of the output).
 */
export type FactState = ExtractedFacts & {
  /** The title in the matching copy ('' without a title). */
  titleNorm: string;
  /** The date block that closes a 转发 notice's own part, or null (rules/facts/forwarded.ts). */
  forwarded: Block | null;
  /** Where the document's own part ends: the forwarded block's end, else Infinity. */
  ownEnd: number;
};
export type FactName = keyof FactState;

/** What an extractor is given: the document, and the facts it declared it needs. */
export type FactRunContext<N extends FactName> = {
  doc: DocContext;
  /** Fills only the year of a month-day deadline when nothing else gives it. */
  today: YMD;
  /** Extra registration-number patterns from the packs (compiled, vetted). */
  regPatterns: readonly RegExp[];
  facts: Readonly<Pick<FactState, N>>;
};

/**
 * One fact family: the facts it `provides`, computed by `run` from the document and the
 * facts of earlier extractors it `needs` (only those are visible to it, by type; the pipeline
 * refuses an order in which a need comes later).
 */
export type FactExtractor<N extends FactName, P extends FactName> = {
  name: string;
  needs: readonly N[];
  provides: readonly P[];
  run(ctx: FactRunContext<N>): Pick<FactState, P>;
};

/** An extractor with its fact names erased, as the pipeline holds it. */
export type AnyFactExtractor = {
  name: string;
  needs: readonly FactName[];
  provides: readonly FactName[];
  run(ctx: FactRunContext<FactName>): Partial<FactState>;
};

/** Types an extractor's `needs`, `provides` and `run` together. */
export function defineExtractor<N extends FactName = never, P extends FactName = never>(
  x: FactExtractor<N, P>,
): FactExtractor<N, P> {
  return x;
}
