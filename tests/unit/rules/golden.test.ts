/**
 * Golden corpus: every authored document in seeds/documents/ is checked with today pinned,
 * compared with a reviewed JSON snapshot, and held to the expectations in manifest.json
 * (facts, draft, level, normative, rule ids expected present/absent).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../../../rules/engine';
import { modelFromHtml, modelFromText } from '../../../rules/model';
import { seedPacks } from '../../../rules/seeds';
import type { Report } from '../../../rules/schema';
import { problems, seeds } from './helpers';

const TODAY = '2026-11-27';
const DIR = join(__dirname, '../../../seeds/documents');
const MANIFEST = join(DIR, 'manifest.json');

type Expect = {
  title: string | null;
  docNumber: string | null;
  registrationNumber: string | null;
  isDraft: boolean;
  normative: boolean;
  level: string;
  isDocument: boolean;
  effectiveDate: string | null;
  validityYears: number | null;
  commentDeadline: string | null;
  problems: string[];
  notProblems: string[];
};
type Entry = { file: string; jurisdiction: string; description: string; expect: Expect };

const manifest: Entry[] = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : [];

/**
 * Where the engine deliberately disagrees with the manifest, with the reason. Keep this list
 * short and argued; everything else is fixed in the engine.
 */
const DISAGREEMENTS: Record<
  string,
  Partial<Record<keyof Expect, { engine: unknown; why: string }>>
> = {
  'x-emergency-plan-forest-fire.html': {
    effectiveDate: {
      engine: '2026-03-09',
      why: '预案正文写明「自印发之日起实施」，成文日期2026-03-09：这是页面上的事实；非规范性文件只是不做施行间隔检查',
    },
  },
};

const packIds = new Set(seedPacks.map((p) => p.id));
const layerFor = (j: string) => (packIds.has(j) ? j : 'common-local');

function load(e: Entry): Report {
  const src = readFileSync(join(DIR, e.file), 'utf8');
  const model = e.file.endsWith('.txt') ? modelFromText(src) : modelFromHtml(src);
  return check(model, seeds(layerFor(e.jurisdiction)), { today: TODAY });
}

/** The reviewed part of a report: stable, compact, readable in a diff. */
function snapshotOf(r: Report) {
  return {
    facts: r.facts,
    classification: {
      ...r.classification,
      reasons: r.classification.reasons.map(
        (x) => `${x.weight > 0 ? '+' : ''}${x.weight} ${x.text}`,
      ),
    },
    findings: r.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      at: [f.range.start, f.range.end],
      quote: f.anchor.exact.length > 60 ? f.anchor.exact.slice(0, 60) + '…' : f.anchor.exact,
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      ...(f.ranges ? { also: f.ranges.map((x) => [x.start, x.end]) } : {}),
    })),
    checklist: Object.fromEntries(
      r.checklist.filter((c) => c.status !== 'manual').map((c) => [c.id, c.status]),
    ),
    packs: r.packs.map((p) => `${p.id}@${p.version}`),
  };
}

describe.skipIf(manifest.length === 0)('golden corpus', () => {
  it('has at least 40 documents', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(40);
  });

  for (const e of manifest) {
    describe(e.file, () => {
      const report = existsSync(join(DIR, e.file)) ? load(e) : null;

      it('matches its reviewed snapshot', async () => {
        expect(report, `${e.file} is listed in the manifest but missing`).not.toBeNull();
        await expect(JSON.stringify(snapshotOf(report!), null, 2) + '\n').toMatchFileSnapshot(
          `./__snapshots__/golden/${e.file}.json`,
        );
      });

      it(`meets the manifest: ${e.description}`, () => {
        const r = report!;
        const got: Partial<Record<keyof Expect, unknown>> = {
          title: r.facts.title,
          docNumber: r.facts.docNumber,
          registrationNumber: r.facts.registrationNumber,
          isDraft: r.classification.isDraft,
          normative: r.classification.normative,
          level: r.classification.level,
          isDocument: r.classification.isDocument,
          effectiveDate: r.facts.effectiveDate,
          validityYears: r.facts.validity.years,
          commentDeadline: r.facts.commentDeadline,
        };
        for (const [k, v] of Object.entries(got)) {
          const key = k as keyof Expect;
          const d = DISAGREEMENTS[e.file]?.[key];
          expect(v, `${e.file} › ${k}`).toEqual(d ? d.engine : e.expect[key]);
        }
        const hits = new Set(problems(r));
        for (const p of e.expect.problems)
          expect(hits.has(p), `${e.file} should report ${p}`).toBe(true);
        for (const p of e.expect.notProblems)
          expect(hits.has(p), `${e.file} should not report ${p}`).toBe(false);
      });
    });
  }
});
