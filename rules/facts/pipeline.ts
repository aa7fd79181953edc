/**
 * The fact pipeline: every fact family is one extractor (one file in this folder), run in the
 * order declared in {@link FACT_EXTRACTORS}. Each extractor says which facts it `needs` and
 * which it `provides`; {@link makePipeline} refuses a list in which a need is provided later
 * (or never, or twice), so the order is checked, not trusted.
 *
 * A new fact: one file exporting its extractor, its test, and one line in the list below.
 */
import type { DocContext } from '../context';
import type { YMD } from './dates';
import type { AnyFactExtractor, FactName, FactRunContext, FactState } from './types';
import { titleExtractor } from './title';
import { forwardedExtractor } from './forwarded';
import { docNumberExtractor } from './docnumber';
import { registrationExtractor } from './regnumber';
import { orderNumberExtractor } from './order-number';
import { issuerExtractor } from './issuer';
import { issueDatesExtractor } from './issue-dates';
import { validityExtractor } from './validity';
import { draftExtractor } from './draft';
import { effectiveExtractor } from './effective';
import { expiryExtractor } from './expiry';
import { trialExtractor } from './trial';
import { noticeExtractor } from './notice';
import { commentDeadlineExtractor } from './comment-deadline';
import { attachmentsExtractor } from './attachments';

/** The declared order. Each extractor may read only what the ones above it provide. */
export const FACT_EXTRACTORS: readonly AnyFactExtractor[] = [
  titleExtractor,
  forwardedExtractor,
  docNumberExtractor,
  registrationExtractor,
  orderNumberExtractor,
  issuerExtractor,
  issueDatesExtractor,
  validityExtractor,
  draftExtractor,
  effectiveExtractor,
  expiryExtractor,
  trialExtractor,
  noticeExtractor,
  commentDeadlineExtractor,
  attachmentsExtractor,
];

export type FactInput = { doc: DocContext; today: YMD; regPatterns?: readonly RegExp[] };

export type FactPipeline = {
  readonly extractors: readonly AnyFactExtractor[];
  /** Every fact the extractors provide. */
  readonly provides: ReadonlySet<FactName>;
  /**
   * Runs the extractors in order. `strict` (tests): each extractor sees only the facts it
   * needs (reading another throws) and must return exactly the facts it provides.
   */
  run(input: FactInput, opts?: { strict?: boolean }): FactState;
};

/**
 * Checks the order of `extractors` and returns the pipeline. Throws when an extractor needs a
 * fact that no earlier extractor provides (later, or not at all), when two provide the same
 * fact, or when two share a name: a programming error, found at load time and by the tests.
 */
export function makePipeline(extractors: readonly AnyFactExtractor[]): FactPipeline {
  const provider = new Map<FactName, string>();
  const names = new Set<string>();
  for (const x of extractors) {
    if (names.has(x.name)) throw new Error(`fact extractor "${x.name}" is listed twice`);
    names.add(x.name);
    for (const need of x.needs) {
      if (provider.has(need)) continue;
      const later = extractors.find((y) => y.provides.includes(need));
      throw new Error(
        later
          ? `fact extractor "${x.name}" needs "${need}", which "${later.name}" provides later: list "${later.name}" first`
          : `fact extractor "${x.name}" needs "${need}", which no extractor provides`,
      );
    }
    for (const p of x.provides) {
      const other = provider.get(p);
      if (other !== undefined)
        throw new Error(`fact "${p}" is provided by both "${other}" and "${x.name}"`);
      provider.set(p, x.name);
    }
  }
  const provides = new Set(provider.keys());
  return {
    extractors,
    provides,
    run(input, opts = {}) {
      // One shape from the start: every fact is a property before any is set, so handing on
      // the results adds no properties (Object.assign onto a growing object is the slow path).
      const facts = emptyState();
      const ctx: FactRunContext<FactName> = {
        doc: input.doc,
        today: input.today,
        regPatterns: input.regPatterns ?? [],
        facts,
      };
      for (const x of extractors) {
        if (opts.strict) {
          const out = x.run({ ...ctx, facts: strictView(facts, x) });
          const got = Object.keys(out).sort().join(',');
          const want = [...x.provides].sort().join(',');
          if (got !== want)
            throw new Error(`fact extractor "${x.name}" returned {${got}}, declared {${want}}`);
          copy(facts, out, x.provides);
        } else copy(facts, x.run(ctx), x.provides);
      }
      return facts;
    },
  };
}

/** The state before any extractor ran: every fact present, unset. */
function emptyState(): FactState {
  return {
    title: null,
    titleNorm: '',
    forwarded: null,
    ownEnd: Infinity,
    forwardedAt: null,
    docNumbers: [],
    ownDocNumber: null,
    regNumbers: [],
    registration: null,
    orderNumber: null,
    issuer: null,
    writtenDate: null,
    publishedDate: null,
    promulgatedDate: null,
    publishDate: null,
    validity: null,
    draftMarkers: [],
    isDraft: false,
    effective: null,
    effectiveClauses: [],
    expiry: null,
    trial: null,
    notice: false,
    commentDeadline: null,
    commentStart: null,
    attachments: [],
  };
}

/** Hands on the facts `out` provides. */
function copy(facts: FactState, out: Partial<FactState>, keys: readonly FactName[]): void {
  const target = facts as Record<FactName, unknown>;
  for (const k of keys) target[k] = out[k];
}

/** `facts` as `x` may see them: reading a fact it did not declare throws. */
function strictView(facts: FactState, x: AnyFactExtractor): FactState {
  const allowed = new Set<PropertyKey>(x.needs);
  return new Proxy(facts, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !allowed.has(key))
        throw new Error(`fact extractor "${x.name}" read "${key}" without declaring it`);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string' && !allowed.has(key))
        throw new Error(`fact extractor "${x.name}" asked for "${key}" without declaring it`);
      return Reflect.has(target, key);
    },
  });
}

/** The pipeline of every fact, in the declared order (checked when this module loads). */
export const factPipeline = makePipeline(FACT_EXTRACTORS);
