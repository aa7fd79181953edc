/**
 * The written opinion as text: the sections in the order the .docx, the print view and the
 * record's hash share, so "what the reviewer signed" is one string.
 */
import type { Opinion, OpinionItem } from '../schema';

export const OPINION_TITLE = '合法性审查意见书';
/** The items section's text when there is nothing to say. */
export const NO_PROBLEMS = '未发现问题。';

/** Chinese section numbers 一 … 十 (the opinion has at most six sections). */
const SECTION_NUMBERS = '一二三四五六七八九十';

/** One item as a sentence: 「第九条「罚款」：…。依据：…。修改建议：…。」 (without its number). */
export function itemText(it: OpinionItem): string {
  const end = (s: string) => (/[。！？.!?]$/.test(s) ? s : `${s}。`);
  const place = `${it.place}${it.quote}`;
  const parts = [end(`${place ? `${place}：` : ''}${it.problem.trim() || '（未填写）'}`)];
  if (it.basis.trim()) parts.push(end(`依据：${it.basis.trim()}`));
  if (it.suggestion.trim()) parts.push(end(`修改建议：${it.suggestion.trim()}`));
  return parts.join('');
}

/** A section of the opinion: its heading and its paragraphs. */
export interface OpinionSection {
  heading: string;
  paragraphs: string[];
  /** True for the numbered 审查意见 list (each paragraph one item). */
  numbered?: boolean;
}

/** The body sections, numbered 一、二、…; empty sections are left out except 审查意见. */
export function opinionSections(o: Opinion): OpinionSection[] {
  const raw: OpinionSection[] = [];
  if (o.bases.length) raw.push({ heading: '审查依据', paragraphs: o.bases.map((b) => `${b}`) });
  raw.push(
    o.items.length
      ? { heading: '审查意见', paragraphs: o.items.map(itemText), numbered: true }
      : { heading: '审查意见', paragraphs: [NO_PROBLEMS] },
  );
  if (o.checked.length)
    raw.push({ heading: '经审查人核查的事项', paragraphs: [`${o.checked.join('；')}。`] });
  if (o.competition) raw.push({ heading: '公平竞争审查', paragraphs: [o.competition] });
  if (o.remarks.trim()) raw.push({ heading: '其他意见', paragraphs: [o.remarks.trim()] });
  raw.push({ heading: '审查结论', paragraphs: [`${o.conclusion}。${o.conclusionText}`] });
  return raw.map((s, i) => ({ ...s, heading: `${SECTION_NUMBERS[i] ?? i + 1}、${s.heading}` }));
}

/** The header lines (文件名称, 起草单位, 收到日期) shown under the title. */
export function headerLines(o: Opinion): string[] {
  const out = [`文件名称：${o.docTitle || '（未填写）'}`];
  if (o.drafter) out.push(`起草单位：${o.drafter}`);
  if (o.receivedDate) out.push(`收到日期：${o.receivedDate}`);
  return out;
}

/** The reviewer block at the end: 审查机构, 审查人, date. */
export function signatureLines(o: Opinion): string[] {
  const out: string[] = [];
  if (o.office) out.push(o.office);
  out.push(`审查人：${o.reviewer || '__________'}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(o.date);
  out.push(m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : o.date);
  return out;
}

/**
 * The whole opinion as plain text (title, header, intro, sections, reviewer block), one
 * paragraph per line: what the record's `opinionHash` is taken of and what the print view and
 * the .docx say.
 */
export function opinionPlainText(o: Opinion): string {
  const lines: string[] = [OPINION_TITLE, ...headerLines(o), o.intro];
  for (const s of opinionSections(o)) {
    lines.push(s.heading);
    s.paragraphs.forEach((p, i) => lines.push(s.numbered ? `${i + 1}. ${p}` : p));
  }
  lines.push(...signatureLines(o));
  return lines.join('\n');
}

/** The short form for the log and the CSV: 「3 条意见，修改后通过」. */
export function opinionSummary(o: Pick<Opinion, 'items' | 'conclusion'>): {
  items: number;
  conclusion: Opinion['conclusion'];
  text: string;
} {
  return {
    items: o.items.length,
    conclusion: o.conclusion,
    text: `${o.items.length} 条意见，${o.conclusion}`,
  };
}
