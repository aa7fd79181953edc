/**
 * Findings say what to do: every rule of every seed pack carries a short 修改建议, and the
 * finding takes it (a kind's own, more precise suggestion — a rebuilt 发文字号 — comes first).
 */
import { describe, expect, it } from 'vitest';
import { seedPacks } from '../../../rules/seeds';
import { run } from './helpers';

describe('修改建议', () => {
  it.each(seedPacks.flatMap((p) => p.rules.map((r) => [`${p.id}/${r.id}`, r.suggestion] as const)))(
    '%s says what to do',
    (_, suggestion) => {
      expect(suggestion?.trim().length ?? 0).toBeGreaterThan(4);
      expect((suggestion ?? '').length).toBeLessThanOrEqual(60);
    },
  );

  it("a finding carries its rule's suggestion", () => {
    const r = run(
      '某市犬只管理办法\n第一条 根据有关规定，制定本办法。\n第二条 违反本办法的，由公安机关处以500元罚款。\n第三条 本办法自2026年12月1日起施行。',
    );
    const f = r.findings.find((x) => x.ruleId.endsWith('/NB-CF'));
    expect(f?.suggestion).toBe('删除该处罚规定，或改为「依照《…》第X条的规定处罚」援引上位法');
  });

  it("a kind's own suggestion (the rebuilt number) comes before the rule's", () => {
    const r = run(
      '某市人民政府文件\n某政发[2025]5号\n关于印发某办法的通知\n第一条 根据有关规定，制定本办法。',
    );
    const f = r.findings.find((x) => x.ruleId.endsWith('/DN-BR'));
    expect(f?.suggestion).toBe('某政发〔2025〕5号');
  });
});
