/**
 * The real-document suite (issue 14 item 8) held as thresholds: real laws, 法规, 规章,
 * 规范性文件 and non-normative documents in seeds/real/ (manifest.json says what each is and
 * what a reviewer expects; labels.json holds reviewers' verdicts on 不得设定 findings).
 * `npm run eval -- -v` prints the same figures and every miss.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_DIR,
  LEVELS,
  TYPES,
  evaluate,
  loadLabels,
  loadManifest,
  type DocType,
  type TypeSummary,
} from '../../../scripts/eval';

/**
 * ─── THE THRESHOLDS ─────────────────────────────────────────────────────────────────────
 * Set at what the engine achieved on main when they were last raised. RATCHET THEM UP when
 * your change improves a figure (run `npm run eval`, put the new figure here in the same
 * commit). Never lower one without saying why in the commit message.
 *
 * Rates are fractions of the documents of that type (floors: at least; ceilings: at most).
 * The goal for every non-normative type is falseAlarmDocs 0 and level 1.0 (issue 14:
 * ≤ 2 % of laws, 法规 and 规章 with a false alarm; level right on ≥ 95 %).
 */
type Threshold = {
  /** floor: level right */
  level: number;
  /** floor: normative right */
  normative: number;
  /** ceiling: share of documents with an NB/VP/3U/ED-TOO-SOON error or warning (non-normative types) */
  falseAlarmDocs?: number;
  /** floor: share of the reviewer's expected findings that fire */
  expected?: number;
  /** ceiling: share of documents where a forbidden finding fires */
  forbidden?: number;
  /** floors: fact rates */
  docNumber?: number;
  effectiveDate?: number;
  validity?: number;
};
const THRESHOLDS: Partial<Record<DocType, Threshold>> = {
  法律: {
    level: 1.0,
    normative: 1.0,
    falseAlarmDocs: 0,
    forbidden: 0,
    docNumber: 0.96,
    // 0.87 → 1.0 (31/31): a law passed by the 全国人大(常委会) 「自公布之日起施行」 is promulgated
    // the day it is passed (立法法 第五十九条)
    effectiveDate: 1.0,
    validity: 1.0,
  },
  行政法规: {
    level: 0.97,
    normative: 1.0,
    falseAlarmDocs: 0,
    forbidden: 0,
    // docNumber 0.19 → 1.0, effectiveDate 0.65 → 1.0 (41/41) since set; validity 0.95 → 1.0:
    // 「导游证的有效期限为3年」 is the licence's, not the 条例's
    docNumber: 1.0,
    effectiveDate: 1.0,
    validity: 1.0,
  },
  地方性法规: {
    level: 1.0,
    normative: 1.0,
    falseAlarmDocs: 0,
    forbidden: 0,
    docNumber: 1.0,
    effectiveDate: 0.95,
    validity: 1.0,
  },
  部门规章: {
    level: 1.0,
    normative: 1.0,
    falseAlarmDocs: 0,
    forbidden: 0,
    // docNumber 0.16 → 0.86 (13/15); effectiveDate 0.83 → 0.8 (12/15): of the 9 令 added this
    // stop, 监察部令第2号 says only 「现予发布施行」 under its signing date, which the engine does
    // not read as the 施行 date (a general gap, in the report), and one 令 lost its number in a
    // PDF conversion; 中国人民银行令〔2001〕第3号 「现予以发布施行」 likewise. 0.8 → 0.86 (13/15):
    // 「现予发布施行」 now takes the order's date
    // 0.86 → 0.93 (14/15): traditional 號 compared folded
    docNumber: 0.93,
    // 0.86 → 0.93 (14/15): the 令's date run together with the signer (「行长：某某二〇〇一年二月一日」)
    effectiveDate: 0.93,
    validity: 1.0,
  },
  地方政府规章: {
    level: 1.0,
    normative: 1.0,
    falseAlarmDocs: 0,
    forbidden: 0,
    // docNumber 0.41 → 0.78 (11/14); effectiveDate 0.7 → 0.66 (8/12): 辽阳市人民政府令第95号
    // 「现予发布实施」 — the same gap as 「现予发布施行」 above; 0.66 → 0.91 (11/12) with it read
    // 0.8 → 0.86 (13/15): 「令（第75号）」 compared as 「令第75号」
    docNumber: 0.86,
    // 0.91 → 1.0 (12/12): 「现予发布实行」
    effectiveDate: 1.0,
    validity: 1.0,
  },
  行政规范性文件: {
    // 0.86 → 0.83 (50/60) with 37 added; still 其他: a 银办发 and a 财建 notice binding banks
    // and car makers whose titles read as work arrangements (「做好/开展…工作的通知」), 通告 on
    // sand yards in traditional characters (some with the simplified form in brackets after each
    // converted character), a 试行 规定's covering notice in that form, a 通告 whose sanction is
    // written 「…行为，均视为…，将按照…处罚」. 0.83 → 0.91 (55/60): pinyin reading aids dropped
    // (「關(guān)」), a 通告 that bans in its title or commands in two sentences binds the public.
    // 0.91 → 0.93 (56/60): a notice setting rules of conduct clause after clause (保险公司不得…).
    // 0.93 → 0.95 (57/60): buyers and transferees (受让人, 购房人 …) are the public. 0.95 → 0.96
    // (58/60): 「商业银行应按…报送」 is a duty (应 before an act), whatever the title calls the work
    level: 0.96,
    normative: 0.96,
    expected: 1.0,
    // 0.81 → 0.87 (51/58): missed 财税〔2002〕59号 after the date on one line, 皖政[2001]11l號 (OCR),
    // 铜政发〔2020〕33号 in a pipe table. 0.87 → 0.93 (54/58): the number after the date on its
    // line, glued before the heading, and in brackets closing the heading are read
    // 0.93 → 0.96 (56/58): an organ's 公告 series 「中国人民银行 公安部公告〔2025〕第4号」, joint
    // organs separated by spaces
    docNumber: 0.96,
    // 0.82 → 0.81 (27/33): missed 「决定自2020年11月9日起…禁止」 (traditional, no 施行 word), 「自公布
    // 之日起执行」 signed 「20171116」 (digits run together), 「自發布之日起施行」 in a 通告 whose
    // converted characters carry the simplified form in brackets. 0.81 → 0.84 (28/33): 「决定自…起」
    // 0.84 → 0.9 (30/33): 「•【施行日期】2020.06.03」 (a law database's 文章属性), reading aids dropped
    effectiveDate: 0.9,
    validity: 1.0,
  },
  非规范性文件: {
    // 0.86 → 0.8 (25/31): four of the 16 added internal documents (a project-delegation 办法, a
    // budget 暂行办法, enforcement systems, fund rules — written in articles) are taken for
    // 规范性文件. 0.8 → 0.87 (27/31), false alarms 6 → 4 documents: a 「…办法/制度」 on the
    // administration's own business whose duties fall on its bodies is internal. 0.87 → 0.96
    // (30/31), false alarms 4 → 1: a short text naming the administration's bodies and no one
    // of the public is internal too (the project-delegation 办法 is still taken as normative)
    level: 0.96,
    normative: 0.96,
    falseAlarmDocs: 0.04,
    forbidden: 0.04,
    // 0.92 → 0.81 (22/27): 梁政发【2023】7号 glued to the heading, (78)交公路字412号, 财建〔2006〕689号
    // after the date, 成府發(fā)〔2014〕7號 with bracketed simplified forms, 岳办发〔2017〕2号 in
    // brackets at the end of the heading (0.82: 24/29). 0.82 → 0.96 (28/29) with those forms read
    // 0.96 → 1.0 (29/29): traditional forms compared folded
    docNumber: 1.0,
    effectiveDate: 1.0,
    validity: 1.0,
  },
};
/** Laws, 法规 and 规章 together (the acceptance figure: ≤ 0.02 with a false alarm). */
const LAWS_AND_RULES: Threshold = { level: 0.99, normative: 1.0, falseAlarmDocs: 0 };
/**
 * The 91 laws/法规 of the development set (seeds/real/laws/) must all be level 法律法规 with
 * no NB/VP/3U/ED-TOO-SOON finding. Main does not meet that yet: these are the current counts,
 * held as ceilings. Lower them as the engine improves; 0 is the requirement.
 */
const LAWS_WRONG_LEVEL_MAX = 1;
const LAWS_WITH_FALSE_ALARM_MAX = 0;
/**
 * 不得设定 (NB-*) errors and warnings on real 规范性文件, judged in seeds/real/labels.json.
 * Every such finding must carry a verdict (label new ones: `npm run eval -- --unlabelled`
 * prints stubs); the findings judged wrong are a ceiling; the precision floor applies once
 * some are judged right (issue 14 target: 0.9).
 */
// wrongMax 3 → 5: short notices and 部委 notices are now classified by what they do (levels,
// issue 14 item 4), so three more real 规范性文件 are reviewed; of their five NB findings three
// are right and two wrong (labels.json). Precision floor 0 → 0.3 (3 right of 8 judged).
// wrongMax 5 → 3, precision 0.3 → 0.57 (4 right of 7 judged) with the 11 规范性文件 added this
// stop: right 「不再受理」 (a renewal bar); wrong a quoted 渔业法 article and 「征收标准」 of a fee.
// wrongMax 3 → 1, precision 0.57 → 0.8 (4 right of 5): a paragraph quoting another act's
// article (「《渔业法》第三十八条：…」) is governed by that citation; 「征收标准」/「征收…费」 is a fee
// (NB-SF), not an expropriation. Still wrong: a 通告's fine that restates 烟花爆竹安全管理条例
// 第四十二条 without citing it in the clause.
// wrongMax 1 → 0, precision 0.8 → 0.9: a fine restated from a cited regulation (gfxwj-002,
// 烟花爆竹安全管理条例 第四十二条) is a prompt naming the provision (rules/restated.ts).
const NB = { unlabelledMax: 0, wrongMax: 0, precision: 0.9 };
/**
 * 公平竞争审查 (FC-*) errors and warnings on every real document, judged in labels.json like
 * the NB ones. The development set has none today (its market-related texts are 规章 and
 * notices whose only FC finding is the FC-SCOPE 提示, which is right on all four); a new one
 * must be judged, and a wrong one is a regression.
 */
const FC = { unlabelledMax: 0, wrongMax: 0 };
// ─────────────────────────────────────────────────────────────────────────────────────────

const DIR = join(__dirname, '../../..', DEFAULT_DIR);
const manifest = loadManifest(DIR);
const result = evaluate(DIR);
const rate = (ok: number, n: number) => (n ? ok / n : 1);
const EPS = 1e-9;

describe('the real-document set', () => {
  it('has the 91 laws and 法规 of the development set', () => {
    const laws = manifest.documents.filter((d) => d.file.startsWith('laws/'));
    expect(laws.length).toBe(91);
  });

  it('lists every file it names, with a known type and level, an issuer and a source', () => {
    for (const d of manifest.documents) {
      expect(existsSync(join(DIR, d.file)), d.file).toBe(true);
      expect(TYPES, d.file).toContain(d.type);
      expect(LEVELS, d.file).toContain(d.expect.level);
      expect(Object.keys(d.source).length, `${d.file} cites no source`).toBeGreaterThan(0);
      expect(d.source.retrieved, `${d.file} has no retrieval date`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('names each file once and starts each text with its title (on one line, or as printed over up to three)', () => {
    const files = manifest.documents.map((d) => d.file);
    expect(new Set(files).size).toBe(files.length);
    for (const d of manifest.documents.filter((x) => x.file.endsWith('.txt'))) {
      const lines = readFileSync(join(DIR, d.file), 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      const opening = [1, 2, 3].map((n) => lines.slice(0, n).join(''));
      expect(opening, d.file).toContain(d.title);
    }
  });

  it('labels only findings of documents it lists, as right or wrong', () => {
    const files = new Set(manifest.documents.map((d) => d.file));
    for (const l of loadLabels(join(DIR, 'labels.json'))) {
      expect(files.has(l.file), l.file).toBe(true);
      expect(['right', 'wrong']).toContain(l.verdict);
      expect(l.quote.length).toBeGreaterThan(0);
    }
  });
});

describe('the engine on real documents', () => {
  const check = (name: string, s: TypeSummary, t: Threshold) => {
    it(`${name}: level right ≥ ${t.level}, normative right ≥ ${t.normative}`, () => {
      expect(rate(s.levelRight, s.n) + EPS).toBeGreaterThanOrEqual(t.level);
      expect(rate(s.normativeRight, s.n) + EPS).toBeGreaterThanOrEqual(t.normative);
    });
    if (t.falseAlarmDocs !== undefined)
      it(`${name}: documents with a normative-only error or warning ≤ ${t.falseAlarmDocs}`, () => {
        expect(rate(s.falseAlarmDocs, s.n) - EPS).toBeLessThanOrEqual(t.falseAlarmDocs!);
      });
    if (t.expected !== undefined)
      it(`${name}: expected findings fire ≥ ${t.expected}`, () => {
        expect(rate(s.expected.ok, s.expected.n) + EPS).toBeGreaterThanOrEqual(t.expected!);
      });
    if (t.forbidden !== undefined)
      it(`${name}: documents with a forbidden finding ≤ ${t.forbidden}`, () => {
        expect(rate(s.forbiddenViolations, s.n) - EPS).toBeLessThanOrEqual(t.forbidden!);
      });
    for (const k of ['docNumber', 'effectiveDate', 'validity'] as const)
      if (t[k] !== undefined)
        it(`${name}: ${k} right ≥ ${t[k]}`, () => {
          const f = s.facts[k];
          expect(rate(f.ok, f.n) + EPS).toBeGreaterThanOrEqual(t[k]!);
        });
  };

  for (const [type, t] of Object.entries(THRESHOLDS) as [DocType, Threshold][]) {
    const s = result.byType[type];
    it(`has documents of type ${type}`, () => expect(s?.n ?? 0).toBeGreaterThan(0));
    if (s) check(type, s, t);
  }
  check('laws, 法规 and 规章', result.lawsAndRules, LAWS_AND_RULES);

  it(`the development set's laws: at most ${LAWS_WRONG_LEVEL_MAX} not 法律法规, ${LAWS_WITH_FALSE_ALARM_MAX} with a false alarm (goal 0)`, () => {
    const laws = result.docs.filter((d) => d.file.startsWith('laws/'));
    const wrong = laws.filter((d) => d.level.got !== '法律法规').map((d) => d.file);
    const alarms = laws.filter((d) => d.falseAlarms.length).map((d) => d.file);
    expect(wrong.length, wrong.join(', ')).toBeLessThanOrEqual(LAWS_WRONG_LEVEL_MAX);
    expect(alarms.length, alarms.join(', ')).toBeLessThanOrEqual(LAWS_WITH_FALSE_ALARM_MAX);
  });

  it(`不得设定 findings on 规范性文件: all judged, at most ${NB.wrongMax} wrong, precision ≥ ${NB.precision}`, () => {
    const nb = result.byType['行政规范性文件']!.nb;
    const unjudged = result.docs.flatMap((d) =>
      d.nb.filter((f) => f.verdict === null).map((f) => `${d.file} ${f.rule}「${f.quote}」`),
    );
    expect(
      unjudged.length,
      `label these in seeds/real/labels.json: ${unjudged.join('; ')}`,
    ).toBeLessThanOrEqual(NB.unlabelledMax);
    expect(nb.wrong).toBeLessThanOrEqual(NB.wrongMax);
    expect(rate(nb.right, nb.right + nb.wrong) + EPS).toBeGreaterThanOrEqual(NB.precision);
  });

  it(`公平竞争 findings on every real document: all judged, at most ${FC.wrongMax} wrong`, () => {
    const unjudged = result.docs.flatMap((d) =>
      d.fc.filter((f) => f.verdict === null).map((f) => `${d.file} ${f.rule}「${f.quote}」`),
    );
    expect(
      unjudged.length,
      `label these in seeds/real/labels.json: ${unjudged.join('; ')}`,
    ).toBeLessThanOrEqual(FC.unlabelledMax);
    expect(result.all.fc.wrong).toBeLessThanOrEqual(FC.wrongMax);
  });
});
