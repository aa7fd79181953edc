import { compilePacks, check, type CompiledPacks } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { seedPacks } from '../../../rules/seeds';
import type { Pack, Report } from '../../../rules/schema';
import { PackSchema } from '../../../rules/schema';

const cache = new Map<string, CompiledPacks>();

/** Compiled seed packs for a layer id (cached across tests). */
export function seeds(id = 'common-local'): CompiledPacks {
  let c = cache.get(id);
  if (!c) {
    c = compilePacks(seedPacks, [id]);
    cache.set(id, c);
  }
  return c;
}

/** Checks plain text against a seed layer with today pinned. */
export function run(
  text: string,
  packId = 'common-local',
  today = '2026-11-27',
  url?: string,
): Report {
  const opts: { today: string; url?: string } = { today };
  if (url) opts.url = url;
  return check(modelFromText(text), seeds(packId), opts);
}

/** Bare rule ids (without pack) of non-info findings. */
export function problems(r: Report): string[] {
  // A finding reports its own rule and the broader ones it stands for (`also`, rules/supersede.ts).
  return r.findings
    .filter((f) => f.severity !== 'info')
    .flatMap((f) => [f.ruleId, ...(f.also ?? [])].map((id) => id.split('/')[1]!));
}

/** All rule ids with their severity, e.g. `NB-CF:info`. */
export function ruleHits(r: Report): string[] {
  return r.findings.map((f) => `${f.ruleId.split('/')[1]}:${f.severity}`);
}

/** A one-rule test pack with the given params. */
export function onePack(rule: Record<string, unknown>, params: Record<string, unknown> = {}): Pack {
  return PackSchema.parse({
    id: 'test',
    name: '测试',
    version: '1',
    jurisdiction: '测试',
    params: Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, { value: v, basis: '测试' }]),
    ),
    rules: [
      {
        severity: 'warning',
        category: '合法性',
        message: '命中「{trigger}」',
        basis: '测试',
        ...rule,
      },
    ],
  });
}

/** Runs one rule on text; returns its findings. */
export function runRule(
  rule: Record<string, unknown>,
  text: string,
  params: Record<string, unknown> = {},
  today = '2026-11-27',
  url?: string,
): Report['findings'] {
  const c = compilePacks([onePack({ id: 'R', ...rule }, params)]);
  if (c.warnings.length) throw new Error(c.warnings.join('\n'));
  const opts: { today: string; url?: string } = { today };
  if (url) opts.url = url;
  return check(modelFromText(text), c, opts).findings;
}

/** A normative document in articles, with placeholders for the parts a test varies. */
export function normativeDoc(parts: {
  number?: string;
  reg?: string;
  title?: string;
  articles?: string[];
  closing?: string;
  date?: string;
}): string {
  const arts = parts.articles ?? [
    '为了规范管理，根据《中华人民共和国某某法》等法律、法规，结合本市实际，制定本办法。',
    '本办法适用于本市行政区域内的单位和个人。',
    '申请补贴应当符合下列条件。',
  ];
  const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const lines = [
    parts.reg ?? 'YHGF-2025-031',
    parts.number ?? '银政规发〔2025〕6号',
    parts.title ?? '银湖市人民政府关于印发《银湖市某某管理办法》的通知',
    '各县（区）人民政府，市政府各部门：',
    '现将《银湖市某某管理办法》印发给你们，请认真贯彻执行。',
    '银湖市人民政府',
    parts.date ?? '2025年11月1日',
    '银湖市某某管理办法',
    ...arts.map((a, i) => `第${cn[i]}条　${a}`),
    `第${cn[arts.length]}条　本办法由市司法局负责解释。`,
    `第${cn[arts.length + 1]}条　${parts.closing ?? '本办法自2025年12月1日起施行，有效期5年。'}`,
  ];
  return lines.join('\n');
}

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
