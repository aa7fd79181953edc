/**
 * The fact pipeline (rules/facts/pipeline.ts): extractors run in their declared order, the
 * order is checked against what each needs, and each extractor reads only what it declares.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeContext } from '../../../rules/context';
import { extractFacts } from '../../../rules/facts';
import { FACT_EXTRACTORS, factPipeline, makePipeline } from '../../../rules/facts/pipeline';
import { defineExtractor, type AnyFactExtractor } from '../../../rules/facts/types';
import { titleExtractor } from '../../../rules/facts/title';
import { noticeExtractor } from '../../../rules/facts/notice';
import { expiryExtractor } from '../../../rules/facts/expiry';
import { modelFromHtml, modelFromText } from '../../../rules/model';

const TODAY = { y: 2026, m: 11, d: 27 };
const doc = (text: string) => makeContext(modelFromText(text));

/** Counts the characters of the title: a fact that needs the title. */
const titleLength = defineExtractor({
  name: 'titleLength',
  needs: ['titleNorm'],
  provides: ['notice'],
  run: ({ facts }) => ({ notice: facts.titleNorm.length > 10 }),
});

describe('the order of the fact extractors', () => {
  it('accepts the declared list, and every fact of the output comes from one extractor', () => {
    const out = extractFacts(
      doc('关于印发某办法的通知\n第一条 本办法自2026年1月1日起施行。'),
      TODAY,
    );
    for (const k of Object.keys(out)) expect(factPipeline.provides.has(k as never), k).toBe(true);
    expect(FACT_EXTRACTORS.map((x) => x.name)).toContain('effective');
  });

  it('refuses an extractor that needs a fact an extractor listed after it provides', () => {
    expect(() => makePipeline([titleLength, titleExtractor] as AnyFactExtractor[])).toThrow(
      /"titleLength" needs "titleNorm", which "title" provides later/,
    );
  });

  it('refuses an extractor that needs a fact nobody provides', () => {
    expect(() => makePipeline([titleLength] as AnyFactExtractor[])).toThrow(
      /needs "titleNorm", which no extractor provides/,
    );
  });

  it('refuses two extractors that provide the same fact, and a name listed twice', () => {
    expect(() =>
      makePipeline([titleExtractor, noticeExtractor, titleLength] as AnyFactExtractor[]),
    ).toThrow(/"notice" is provided by both "notice" and "titleLength"/);
    expect(() => makePipeline([titleExtractor, titleExtractor] as AnyFactExtractor[])).toThrow(
      /listed twice/,
    );
  });

  it('refuses the real list with any extractor moved before one it needs', () => {
    // Each extractor that needs something, moved to the front: refused.
    for (const x of FACT_EXTRACTORS.filter((y) => y.needs.length > 0)) {
      const moved = [x, ...FACT_EXTRACTORS.filter((y) => y !== x)];
      expect(() => makePipeline(moved), x.name).toThrow(new RegExp(`"${x.name}" needs`));
    }
  });

  it('runs the extractors in the declared order, each seeing the facts before it', () => {
    const seen: string[] = [];
    const spy = (x: AnyFactExtractor): AnyFactExtractor => ({
      ...x,
      run: (ctx) => {
        seen.push(x.name);
        return x.run(ctx);
      },
    });
    const p = makePipeline([spy(titleExtractor), spy(titleLength)]);
    const f = p.run({ doc: doc('关于印发青岚市某某管理办法的通知\n正文。'), today: TODAY });
    expect(seen).toEqual(['title', 'titleLength']);
    expect(f.notice).toBe(true);
  });
});

describe('strict runs: each extractor reads only what it needs and returns what it provides', () => {
  it('throws when an extractor reads a fact it did not declare', () => {
    const sly: AnyFactExtractor = {
      name: 'sly',
      needs: [],
      provides: ['notice'],
      run: ({ facts }) => ({ notice: facts.title !== null }),
    };
    const p = makePipeline([titleExtractor, sly]);
    expect(() => p.run({ doc: doc('通知\n正文'), today: TODAY }, { strict: true })).toThrow(
      /"sly" read "title" without declaring it/,
    );
  });

  it('throws when an extractor returns another set of facts than it declared', () => {
    const loose: AnyFactExtractor = {
      name: 'loose',
      needs: [],
      provides: ['notice', 'trial'],
      run: () => ({ notice: false }),
    };
    expect(() =>
      makePipeline([loose]).run({ doc: doc('通知'), today: TODAY }, { strict: true }),
    ).toThrow(/"loose" returned \{notice\}, declared \{notice,trial\}/);
  });

  it('holds for every extractor on every golden document, with the same facts as a plain run', () => {
    const dir = join(__dirname, '../../../seeds/documents');
    const files = readdirSync(dir).filter((f) => /\.(txt|html)$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const src = readFileSync(join(dir, f), 'utf8');
      const ctx = makeContext(f.endsWith('.txt') ? modelFromText(src) : modelFromHtml(src));
      const strict = factPipeline.run({ doc: ctx, today: TODAY }, { strict: true });
      const plain = factPipeline.run({ doc: ctx, today: TODAY });
      expect(JSON.stringify(strict), f).toBe(JSON.stringify(plain));
    }
  });
});

describe('facts that read earlier facts', () => {
  const TABLE: { text: string; expiry: string | null; why: string }[] = [
    {
      why: 'a years-only period counts from the 施行 date',
      text: '某某办法\n第一条 本办法自2025年3月1日起施行，有效期5年。',
      expiry: '2030-02-28',
    },
    {
      why: 'a final text in force from its issue counts from the signing date',
      text: '某某办法\n第一条 本办法自印发之日起施行，有效期3年。\n某某局\n2025年6月1日',
      expiry: '2028-05-31',
    },
    {
      why: 'a draft in force from its future issue has no end yet',
      text: '某某办法（征求意见稿）\n第一条 本办法自印发之日起施行，有效期3年。\n某某局\n2025年6月1日',
      expiry: null,
    },
    {
      why: 'a draft with a stated end keeps it',
      text: '某某办法（征求意见稿）\n第一条 本办法自印发之日起施行，有效期至2029年12月31日。',
      expiry: '2029-12-31',
    },
  ];
  for (const c of TABLE)
    it(c.why, () => {
      const f = extractFacts(doc(c.text), TODAY);
      const iso = f.expiry
        ? `${f.expiry.y}-${String(f.expiry.m).padStart(2, '0')}-${String(f.expiry.d).padStart(2, '0')}`
        : null;
      expect(iso).toBe(c.expiry);
    });
});

describe('an extractor is tested alone, with the facts it needs made by hand', () => {
  const ctx = doc('正文');
  it('every prefix of the declared list is a pipeline of its own', () => {
    for (let i = 1; i <= FACT_EXTRACTORS.length; i++)
      expect(() => makePipeline(FACT_EXTRACTORS.slice(0, i))).not.toThrow();
  });

  it('notice: a title that names a 通告, not a notice that forwards one', () => {
    const notice = (titleNorm: string) =>
      noticeExtractor.run({ doc: ctx, today: TODAY, regPatterns: [], facts: { titleNorm } }).notice;
    expect(notice('青岚市公安局关于禁止燃放烟花爆竹的通告')).toBe(true);
    expect(notice('关于转发《禁止燃放烟花爆竹的通告》的通知')).toBe(false);
    expect(notice('关于印发某某办法的通知')).toBe(false);
  });

  it('expiry: a stated end wins; years count from the start, the 施行 date or publication', () => {
    const d = (y: number, m: number, day: number) => ({ y, m, d: day });
    const validity = (years: number | null, until = null as ReturnType<typeof d> | null) => ({
      start: 0,
      end: 0,
      text: '',
      source: 'text' as const,
      years,
      until,
      from: null,
    });
    const located = (value: ReturnType<typeof d>) => ({
      value,
      text: '',
      start: 0,
      end: 0,
      source: 'text' as const,
    });
    const expiry = (facts: Parameters<typeof expiryExtractor.run>[0]['facts']) =>
      expiryExtractor.run({ doc: ctx, today: TODAY, regPatterns: [], facts }).expiry;
    expect(
      expiry({ validity: validity(5, d(2027, 6, 30)), effective: null, publishDate: null }),
    ).toEqual(d(2027, 6, 30));
    expect(
      expiry({
        validity: validity(2),
        effective: { ...located(d(2026, 1, 1)), relativeTo: null, offsetDays: 0 },
        publishDate: located(d(2025, 12, 1)),
      }),
    ).toEqual(d(2027, 12, 31));
    expect(
      expiry({ validity: validity(2), effective: null, publishDate: located(d(2025, 12, 1)) }),
    ).toEqual(d(2027, 11, 30));
    // A 施行 clause whose date is unknown (a draft's 自印发之日起): no end.
    expect(
      expiry({
        validity: validity(2),
        effective: { ...located(d(2026, 1, 1)), value: null, relativeTo: 'issue', offsetDays: 0 },
        publishDate: located(d(2025, 12, 1)),
      }),
    ).toBeNull();
  });
});
