/**
 * Sanctions restated from higher law (issue 14 item 2: 「a procedure that restates a law」 is not a
 * measure the document sets). Many 通告 repeat a law's or a regulation's penalty in their own words
 * without citing the article in the clause: 「在本行政区域内燃放烟花爆竹的，由公安部门责令停止燃放，
 * 处一百元以上五百元以下罚款」 is 烟花爆竹安全管理条例 第四十二条. A pack lists such provisions (the
 * act, the article, the conduct it punishes and its fine ranges); a fine whose clause names that
 * conduct, whose every amount lies within the provision's ranges, in a document that cites the act,
 * is a restatement: the finding is lowered to a prompt that names the provision, never dropped.
 *
 * Pure and linear: amounts are read from the hit's own segment (up to the next comma), the act's
 * citation is looked up once per document.
 */
import { z } from 'zod';
import { compilePattern } from './regex';
import { CN_NUM_CLASS, parseChineseNumber } from './facts/numerals';

export const RestatedSchema = z.strictObject({
  /** The act's title without 《》 and without 「中华人民共和国」 (烟花爆竹安全管理条例). */
  act: z.string().min(2).max(60),
  /** The article, as a reviewer cites it (第四十二条, 第一百一十九条第一款). */
  article: z.string().min(2).max(30),
  /** Regex source: the conduct the provision punishes, looked for in the hit's sentence. */
  conduct: z.string().min(1).max(200),
  /** Fine ranges in 元, [least, most] inclusive; every amount of the hit must lie in one. */
  fines: z
    .array(z.tuple([z.number().nonnegative(), z.number().positive()]))
    .min(1)
    .refine((r) => r.every(([lo, hi]) => lo <= hi), '罚款幅度的下限不得大于上限'),
});
export type Restated = z.infer<typeof RestatedSchema>;

export type CompiledRestated = {
  act: string;
  article: string;
  conduct: RegExp;
  cited: RegExp;
  fines: [number, number][];
};

export function compileRestated(rows: Restated[]): CompiledRestated[] {
  return rows.map((r) => ({
    act: r.act,
    article: r.article,
    conduct: compilePattern(r.conduct, 'u'),
    cited: new RegExp(`《(?:中华人民共和国)?${r.act.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}》`),
    fines: r.fines as [number, number][],
  }));
}

const NUM = `\\d+(?:\\.\\d+)?|[${CN_NUM_CLASS}]+`;
/** 「一百元」, 「2万元」, 「500-2000元」, 「500元至2000元」 (the second number of a range shares the unit). */
const AMOUNT_RE = new RegExp(`(${NUM})(万)?(?:元)?(?:[-－—~～至到](${NUM})(万)?)?元`, 'g');

function amountOf(num: string, wan: string | undefined): number | null {
  const n = /^\d/.test(num) ? Number(num) : parseChineseNumber(num);
  if (n === null || !Number.isFinite(n)) return null;
  return wan ? n * 10000 : n;
}

/** The amounts in 元 that a piece of text names, in order; null when one cannot be read. */
export function readAmounts(text: string): number[] | null {
  const out: number[] = [];
  AMOUNT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AMOUNT_RE.exec(text)) !== null) {
    const a = amountOf(m[1]!, m[2]);
    if (a === null) return null;
    out.push(a);
    if (m[3] !== undefined) {
      const b = amountOf(m[3], m[4] ?? m[2]);
      if (b === null) return null;
      out.push(b);
    }
  }
  return out;
}

/**
 * The provision a fine restates, or null: `hit` is the trigger's text with the rest of its
 * segment (to the next comma), `sentence` the sentence it stands in, `norm` the whole text.
 */
export function restatedProvision(
  rows: CompiledRestated[],
  norm: string,
  hit: string,
  sentence: string,
): CompiledRestated | null {
  if (rows.length === 0) return null;
  const amounts = readAmounts(hit);
  if (amounts === null || amounts.length === 0) return null;
  for (const r of rows) {
    if (!r.conduct.test(sentence)) continue;
    if (!amounts.every((a) => r.fines.some(([lo, hi]) => a >= lo && a <= hi))) continue;
    if (r.cited.test(norm)) return r;
  }
  return null;
}
