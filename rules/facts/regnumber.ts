/**
 * 登记号 / 统一编号 (the 三统一 registration number), e.g. HFGS-2022-7 (Huizhou),
 * HP0120210019 (Guangzhou 黄埔), HHCR-2023-01005 (Huaihua). Found when labelled anywhere, or
 * unlabelled in the header area / on a line of its own; packs may add their own patterns.
 */
import type { DocContext } from '../context';
import { REG_META_KEYS } from './labels';
import { defineExtractor } from './types';

export type RegNumberHit = {
  text: string;
  start: number;
  end: number;
  source: 'text' | 'meta';
  labelled: boolean;
  /** Year inside the number when its layout shows one (HFGS-2022-7 → 2022). */
  year: number | null;
};

const LABEL_RE =
  /(?:登记号|登记编号|统一编号|统一登记号|登记编码)\s*[:：]?\s*([A-Za-z]{1,8}[A-Za-z0-9—\-－– ]{2,30}?\d)(?!\s?[\dA-Za-z—\-－–])/g;
/** Generic shapes: letters-year-serial with any dash, or 2 letters + 10 digits. */
const SHAPE_RE =
  /(?<![A-Za-z0-9])(?:[A-Z]{2,6}\s?[—\-－–]\s?(?:19|20)\d{2}\s?[—\-－–]\s?\d{1,6}|[A-Z]{2}\d{10})(?![A-Za-z0-9])/g;

/** Just before a number: it belongs to a cited document (《…》（…）). */
const CITED_BEFORE_RE = /》\s*[（(]\s*$/;
/** Labels of numbers that share the letters-year-serial shape: project, tender, case … */
const OTHER_NUMBER_RE =
  /(?:项目|采购|招标|投标|合同|案件|案卷|批次|订单|工程|标段|证书|许可证|档案)(?:编号|编码|号)\s*[:：]?\s*$/;

/** Year shown by the number: the 4-digit group after a dash, or digits 5–8 of AA99YYYY9999. */
export function regNumberYear(s: string): number | null {
  const dash = /[—\-－–]\s?((?:19|20)\d{2})\s?[—\-－–]/.exec(s);
  if (dash) return +dash[1]!;
  const compact = /^[A-Z]{2}\d{2}((?:19|20)\d{2})\d{4}$/.exec(s.trim());
  if (compact) return +compact[1]!;
  return null;
}

/**
 * Every registration number before `ownBefore`; the first is the document's. `extraPatterns` are compiled,
 * vetted pack patterns (global flag).
 */
export function findRegNumbers(
  ctx: DocContext,
  extraPatterns: readonly RegExp[] = [],
  ownBefore = Infinity,
): RegNumberHit[] {
  const { norm, raw } = ctx;
  const out: RegNumberHit[] = [];
  const seen = new Set<number>();
  const push = (start: number, end: number, labelled: boolean) => {
    if (seen.has(start)) return;
    seen.add(start);
    const text = raw.slice(start, end).trim();
    out.push({
      text,
      start,
      end,
      source: 'text',
      labelled,
      year: regNumberYear(norm.slice(start, end)),
    });
  };
  let m: RegExpExecArray | null;
  const lre = new RegExp(LABEL_RE.source, 'g');
  while ((m = lre.exec(norm)) !== null) {
    const v = m[1]!;
    // 「根据《某某办法》（登记号：XYGF-2024-006）」: another document's number.
    if (CITED_BEFORE_RE.test(norm.slice(Math.max(0, m.index - 4), m.index))) continue;
    const start = m.index + m[0].length - v.length;
    push(start, start + v.length, true);
  }
  const shapes = [
    new RegExp(SHAPE_RE.source, 'g'),
    ...extraPatterns.map((r) => new RegExp(r.source, 'g' + r.flags.replace(/g/g, ''))),
  ];
  for (const re of shapes) {
    while ((m = re.exec(norm)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (CITED_BEFORE_RE.test(norm.slice(Math.max(0, start - 4), start))) continue;
      // 项目编号：QLCG-2025-0183 has the shape of a 登记号 and is not one.
      if (OTHER_NUMBER_RE.test(norm.slice(Math.max(0, start - 12), start))) continue;
      const b = ctx.blockAt(start);
      const ownLine = b !== null && b.end - b.start - (end - start) <= 4;
      if (start < ctx.headerEnd || ownLine) push(start, end, false);
    }
  }
  // A 转发 notice: the forwarded document's number is not this one's.
  for (let i = out.length - 1; i >= 0; i--) if (out[i]!.start >= ownBefore) out.splice(i, 1);
  out.sort((x, y) => Number(y.labelled) - Number(x.labelled) || x.start - y.start);
  if (out.length === 0) {
    for (const k of REG_META_KEYS) {
      const v = ctx.model.meta[k]?.trim();
      if (v && /[A-Za-z0-9]{3}/.test(v)) {
        out.push({
          text: v,
          start: 0,
          end: 0,
          source: 'meta',
          labelled: true,
          year: regNumberYear(v),
        });
        break;
      }
    }
  }
  return out;
}

/** 登记号: every number found (before a forwarded text); the first is the document's. */
export const registrationExtractor = defineExtractor({
  name: 'registration',
  needs: ['ownEnd'],
  provides: ['regNumbers', 'registration'],
  run({ doc, facts, regPatterns }) {
    const regNumbers = findRegNumbers(doc, regPatterns, facts.ownEnd);
    return { regNumbers, registration: regNumbers[0] ?? null };
  },
});
