/**
 * Round-to-round comparison on the authored revision pairs (seeds/documents/rv-*): the
 * manifest's `revision.changes` are the expectations, so a new pair is a data change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareTexts,
  similarity,
  unitsOf,
  wordDiff,
  type Comparison,
} from '../../../rules/compare';
import { modelFromHtml } from '../../../rules/model';

const DOCS = join(__dirname, '../../../seeds/documents');

interface Change {
  type: string;
  v1?: string;
  v2?: string;
  from?: string;
  to?: string;
  note?: string;
}
interface Entry {
  file: string;
  revision?: { pair: string; round: number; counterpart: string; changes?: Change[] };
}

const manifest = JSON.parse(readFileSync(join(DOCS, 'manifest.json'), 'utf8')) as Entry[];
const rounds = manifest.filter((e) => e.revision && e.revision.round === 2);
const textOf = (file: string) => modelFromHtml(readFileSync(join(DOCS, file), 'utf8')).text;

/** The numbers of a quote (200, 500, 1000 in 「处500元以上1000元以下罚款」). */
const numbers = (s: string) => s.match(/\d+/g) ?? [];

function pairOf(c: Comparison, v1?: string, v2?: string) {
  return c.pairs.findIndex(
    (p) => (v1 ? p.old?.label === v1 : !p.old) && (v2 ? p.new?.label === v2 : !p.new),
  );
}

describe('compareTexts on the authored revision pairs', () => {
  it('has revision pairs to test', () => {
    expect(rounds.length).toBeGreaterThanOrEqual(3);
  });

  for (const entry of rounds) {
    const { pair, counterpart, changes = [] } = entry.revision!;
    describe(pair, () => {
      const c = compareTexts(textOf(counterpart), textOf(entry.file));

      it('aligns article by article', () => {
        expect(c.unit).toBe('article');
        expect(c.timedOut).toBe(false);
      });

      for (const ch of changes) {
        const title = `${ch.type}: ${ch.v1 ?? '—'} → ${ch.v2 ?? '—'}${ch.note ? `（${ch.note}）` : ''}`;
        it(`finds ${title}`, () => {
          const k = pairOf(c, ch.v1, ch.v2);
          expect(k, `pair ${ch.v1} → ${ch.v2}`).toBeGreaterThanOrEqual(0);
          const p = c.pairs[k]!;
          const items = c.summary.filter((s) => s.pair === k);
          switch (ch.type) {
            case 'unchanged':
              expect(p.status).toBe('unchanged');
              expect(items).toEqual([]);
              break;
            case 'renumbered':
              expect(p.status).toBe('renumbered');
              expect(p.changed).toBe(false);
              break;
            case 'moved':
              expect(p.status).toBe('moved');
              expect(p.changed).toBe(false);
              expect(items.map((s) => s.kind)).toEqual(['moved']);
              break;
            case 'inserted':
              expect(p.status).toBe('inserted');
              expect(items[0]?.kind).toBe('inserted');
              break;
            case 'removed':
              expect(p.status).toBe('removed');
              expect(items[0]?.kind).toBe('removed');
              expect(items[0]?.from).toBeTruthy();
              break;
            case 'modal': {
              expect(p.changed).toBe(true);
              const it = items.find((s) => s.kind === 'obligation');
              expect(it?.direction).toBe('added');
              expect(it?.from).toContain(ch.from);
              expect(it?.to).toContain(ch.to);
              break;
            }
            case 'prohibition': {
              const it = items.find((s) => s.kind === 'prohibition');
              expect(it?.direction).toBe('added');
              break;
            }
            case 'amount':
            case 'deadline':
            case 'date': {
              expect(p.changed).toBe(true);
              const it = items.find((s) => s.kind === ch.type);
              expect(it, `${ch.type} item`).toBeDefined();
              for (const n of numbers(ch.from!)) expect(it!.from).toContain(n);
              for (const n of numbers(ch.to!)) expect(it!.to).toContain(n);
              break;
            }
            default:
              throw new Error(`unknown change type ${ch.type}`);
          }
        });
      }

      it('puts obligations, prohibitions, amounts and deadlines before moves and renumbering', () => {
        const kinds = c.summary.map((s) => s.kind);
        const lastImportant = Math.max(
          ...kinds.map((k, i) =>
            ['obligation', 'prohibition', 'amount', 'deadline', 'penalty'].includes(k) ? i : -1,
          ),
        );
        const firstMinor = kinds.findIndex((k) => k === 'moved' || k === 'renumbered');
        if (firstMinor !== -1) expect(lastImportant).toBeLessThan(firstMinor);
      });

      it('lists every clause of both versions exactly once', () => {
        const olds = c.pairs.filter((p) => p.old).map((p) => p.old!.index);
        const news = c.pairs.filter((p) => p.new).map((p) => p.new!.index);
        expect(new Set(olds).size).toBe(olds.length);
        expect(news).toEqual([...news].sort((a, b) => a - b));
        expect(olds.length).toBe(unitsOf(textOf(counterpart)).units.length);
        expect(news.length).toBe(unitsOf(textOf(entry.file)).units.length);
      });
    });
  }

  it('flags the parking rule: 可以公示 → 应当公示 first, and the removed insurance duty', () => {
    const c = compareTexts(textOf('rv-parking-rule-v1.html'), textOf('rv-parking-rule-v2.html'));
    expect(c.summary[0]).toMatchObject({ kind: 'obligation', direction: 'added' });
    const removed = c.summary.find((s) => s.kind === 'removed')!;
    expect(removed.from).toContain('公众责任保险');
    expect(removed.tags).toContain('obligation');
  });
});

describe('word-level differences', () => {
  it('diffs Chinese by words, keeping the unchanged text', () => {
    const parts = wordDiff(
      '停车场经营者可以在入口公示收费标准。',
      '停车场经营者应当在入口公示收费标准。',
    )!;
    expect(
      parts
        .filter((p) => p.type === 'removed')
        .map((p) => p.text)
        .join(''),
    ).toContain('可以');
    expect(
      parts
        .filter((p) => p.type === 'added')
        .map((p) => p.text)
        .join(''),
    ).toContain('应当');
    expect(
      parts
        .filter((p) => p.type !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe('停车场经营者可以在入口公示收费标准。');
    expect(
      parts
        .filter((p) => p.type !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe('停车场经营者应当在入口公示收费标准。');
  });

  it('treats identical and whitespace-only changes as the same clause', () => {
    expect(similarity('第一条　本办法自公布之日起施行。', '第一条 本办法自公布之日起施行。')).toBe(
      1,
    );
    const c = compareTexts('第一条　甲。\n第二条　乙。', '第一条 甲。\n第二条 乙。');
    expect(c.counts.unchanged).toBe(2);
  });

  it('compares texts without articles paragraph by paragraph', () => {
    const c = compareTexts(
      '一、总体要求\n二、工作任务',
      '一、总体要求\n二、主要任务\n三、保障措施',
    );
    expect(c.unit).toBe('paragraph');
    expect(c.counts.inserted + c.counts.modified).toBeGreaterThan(0);
  });

  it('never throws on odd input', () => {
    for (const [a, b] of [
      ['', ''],
      ['', '第一条　新。'],
      ['第一条', '第一条'],
      ['<b>第一条</b>　x', '第1条　y'],
      ['\n\n\n', '第一条　甲。\n第一条　甲。'],
    ])
      expect(() => compareTexts(a!, b!)).not.toThrow();
  });
});

describe('500 clauses', () => {
  const v1 = textOf('e-long-520-articles.html');
  const cn = (n: number) => {
    const d = '零一二三四五六七八九';
    const tens = (x: number) =>
      (x < 20 && n < 100 ? '十' : d[Math.floor(x / 10)] + '十') + (x % 10 ? d[x % 10] : '');
    if (n < 10) return d[n]!;
    if (n < 100) return tens(n);
    const r = n % 100;
    return `${d[Math.floor(n / 100)]}百${r === 0 ? '' : r < 10 ? `零${d[r]}` : tens(r)}`;
  };
  const bodies = unitsOf(v1).units.map((u) => u.body);
  // v2: a new article near the top renumbers all that follow, article 401 moves up, every
  // tenth article gets a new duty and a fine, two are dropped.
  const edited = bodies.map((b, k) =>
    k % 10 === 5 ? `${b.replace('应当', '可以')}违反的，处1000元罚款。` : b,
  );
  const moved = edited.splice(400, 1)[0]!;
  edited.splice(10, 0, moved);
  edited.splice(300, 1);
  edited.splice(100, 1);
  edited.splice(2, 0, '任何单位和个人不得在公共场所堆放杂物。');
  const v2 = edited.map((b, k) => `第${cn(k + 1)}条　${b}`).join('\n');

  it('aligns a renumbered 520-article document in well under a second', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(500);
    const t0 = performance.now();
    const c = compareTexts(v1, v2);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
    expect(c.counts.removed).toBe(2);
    expect(c.counts.inserted).toBe(1);
    expect(c.counts.modified + c.counts.moved).toBeGreaterThanOrEqual(50);
    expect(c.pairs.find((p) => p.status === 'moved')?.old?.label).toBe('第四百零一条');
    expect(c.summary[0]!.kind).toMatch(/obligation|prohibition/);
  });
});

describe('revisions as reviewers see them (red-team pairs)', () => {
  const kinds = (a: string, b: string) =>
    compareTexts(a, b).summary.map((x) => `${x.kind}/${x.direction}`);

  it('reads a hard-wrapped article to its end (<br> inside a paragraph)', () => {
    const c = compareTexts(
      '第一条 甲乙丙丁。\n第二条 施工单位应当在接到预警\n通知后，并\n在2小时内停止作业。\n第三条 本办法自2026年11月1日起施行。',
      '第一条 甲乙丙丁。\n第二条 施工单位应当在接到预警\n通知后，并\n在6小时内停止作业。\n第三条 本办法自2026年11月1日起施行。',
    );
    expect(c.counts.modified).toBe(1);
    expect(c.summary[0]).toMatchObject({ kind: 'deadline' });
  });

  it('pairs a clause with the one it became, not a similar neighbour', () => {
    const c = compareTexts(
      '第一条 为了加强城乡环境卫生管理，制定本办法。\n第二条 临街商户应当履行门前环境卫生责任。\n第三条 禁止在公共场所焚烧垃圾。\n第四条 违反本办法第二条规定的，由县城市管理部门责令改正，处200元以上500元以下罚款。\n第五条 违反本办法第三条规定的，由县城市管理部门责令改正，处500元以上2000元以下罚款。\n第六条 本办法自2026年7月1日起施行。',
      '第一条 为了加强城乡环境卫生管理，制定本办法。\n第二条 临街商户应当履行门前环境卫生责任。\n第三条 禁止在公共场所焚烧垃圾。\n第四条 违反本办法第三条规定的，由县城市管理部门责令改正，处1000元以上5000元以下罚款。\n第五条 本办法自2026年7月1日起施行。',
    );
    expect(c.pairs.find((p) => p.status === 'removed')?.old?.label).toBe('第四条');
    expect(c.pairs.find((p) => p.status === 'modified')?.old?.label).toBe('第五条');
  });

  it('does not report the same value in another numeral style, width or bracket', () => {
    expect(
      kinds(
        '第一条 本办法自二〇二六年一月一日起施行。\n第二条 处二百元罚款，十五日内缴纳。',
        '第一条 本办法自二〇二六年七月一日起施行。\n第二条 处200元罚款，15日内缴纳。',
      ).sort(),
    ).toEqual(['date/changed', 'modified/changed']);
    const c = compareTexts(
      '第一条 根据《意见》（临政发〔2024〕12号），制定本办法。\n第二条 应当在接到投诉后２个工作日内处理，处5万元以下罚款。',
      '第一条 根据《意见》(临政发[2024]12号), 制定本办法.\n第二条 应当在接到投诉后2个工作日内处理，处50000元以下罚款。',
    );
    expect(c.pairs[0]!.status).toBe('unchanged');
    expect(c.summary.map((x) => x.kind)).not.toContain('amount');
    expect(c.summary.map((x) => x.kind)).not.toContain('deadline');
  });

  it('reads 应 as 应当 and 相应当事人 as no duty; finds 5千元→8千元', () => {
    expect(
      kinds(
        '第一条 甲乙丙丁戊己庚辛。\n第二条 违反本办法规定的，处5千元以上2万元以下罚款。\n第三条 经营者应当公示价格。\n第四条 行政机关应当告知当事人。',
        '第一条 甲乙丙丁戊己庚辛。\n第二条 违反本办法规定的，处8千元以上2万元以下罚款。\n第三条 经营者应公示价格。\n第四条 行政机关应当告知相应当事人。',
      ),
    ).toEqual(['amount/changed', 'modified/changed', 'modified/changed']);
  });
});
