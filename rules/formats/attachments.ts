/**
 * Whether a page's draft is only in its attachments: a consultation notice whose own text
 * has no articles and that links a Word, PDF or OFD file. Such a page must not read as
 * 「未发现问题」 0/0/0 — nothing of the draft has been reviewed — but say that the text is in the
 * attachment and offer to review it. Pure: the badge, the popup and the background share it.
 */
import type { Report } from '../schema';

/** An attachment that may hold the text, with why it is offered first. */
export interface PendingAttachment {
  name: string;
  href: string;
  /** Its name says it is the draft (征求意见稿, 草案, 送审稿, 办法 …). */
  draft: boolean;
}

/** Formats the file review page reads (and the old ones it explains). */
const FILE_RE = /\.(docx|pdf|ofd|doc|wps)(?:$|[?#])/i;
/** Names of the draft itself. */
const DRAFT_NAME_RE =
  /征求意见稿|草案|送审稿|修订稿|讨论稿|(?:办法|规定|细则|条例|规则|意见|通知|决定|方案)(?:（|\(|》|\.|$)/;
/** Attachments that are not the text to review. */
const NOT_TEXT_RE = /反馈表|回执|报名表|登记表|意见表|申请表|汇总表|统计表|附表|二维码|说明材料/;

/** Lines of the text that open an article (第X条). */
function articleCount(text: string): number {
  return (text.match(/(?:^|\n)\s*第[一二三四五六七八九十百零〇\d]{1,6}条/g) ?? []).length;
}

/**
 * The attachments that hold the draft of a consultation notice whose own text holds no
 * articles (draft-named first), or [] when the page's own text is the document.
 *
 * @param text the reviewed text of the page (to count its articles)
 */
export function pendingAttachments(
  report: Pick<Report, 'facts' | 'classification'>,
  text: string,
): PendingAttachment[] {
  const c = report.classification;
  if (!c.isDraft && !report.facts.isDraft) return [];
  if (articleCount(text) >= 3) return [];
  const seen = new Set<string>();
  const out: PendingAttachment[] = [];
  for (const a of report.facts.attachments) {
    if (!a.href || !/^https?:\/\//i.test(a.href) || seen.has(a.href)) continue;
    if (!FILE_RE.test(a.href) && !FILE_RE.test(a.name)) continue;
    if (NOT_TEXT_RE.test(a.name)) continue;
    seen.add(a.href);
    out.push({ name: a.name, href: a.href, draft: DRAFT_NAME_RE.test(a.name) });
  }
  return out.sort((a, b) => Number(b.draft) - Number(a.draft));
}

/** Whether the name or address is a format the file review page reads (not .doc/.wps). */
export function readableAttachment(a: { name: string; href: string }): boolean {
  return /\.(docx|pdf|ofd)(?:$|[?#])/i.test(a.href) || /\.(docx|pdf|ofd)$/i.test(a.name);
}
