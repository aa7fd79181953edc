/**
 * The cheap "does this page hold an administrative document?" guess of the content script's
 * start path (lib/page/precheck.ts gathers the sample). It runs on every matched page, so this
 * module imports nothing: the loader bundle takes exactly these patterns and this function.
 * Also re-exported from rules/extract/.
 */

const DRAFT_RE =
  /[（(](?:修订)?(?:草案)?(?:征求意见稿|送审稿|草案|讨论稿)[）)]|征求意见稿|送审稿|公开征求.{0,10}意见|征询.{0,6}意见/;
const ARTICLE_RE = /第[一二三四五六七八九十百零〇两\d]{1,5}条/g;
const DOCNUM_RE =
  /[〔［[(（﹝【]\s*(?:19|20)\d{2}\s*[〕］\])）﹞】]\s*(?:第\s*)?[\d〇一二三四五六七八九十]+\s*号|(?:19|20)\d{2}年第?\d+号|令\s*第\s*[\d一二三四五六七八九十百]+\s*号/;
const DOC_TITLE_RE =
  /办法|规定|细则|规则|意见|决定|通知|公告|通告|条例|方案|规划|批复|答复|报告|纪要|令|征求意见|草案|送审稿|指南|制度|要点|函/;
const LABEL_HINT_RE = /发\s*文\s*字\s*号|索\s*引\s*号|成文日期|统一编号|登记号|发文机关/;

/**
 * A cheap guess whether a page holds an administrative document, from its title and a short
 * text sample (the content script's start path: a few thousand characters, no full
 * extraction). True on draft markers, document numbers, two 第X条, portal metadata labels, or
 * a document-like title with some support from the text.
 */
export function looksLikeDocument(sample: string, title: string): boolean {
  const s = sample.length > 20_000 ? sample.slice(0, 20_000) : sample;
  const ti = title.length > 500 ? title.slice(0, 500) : title;
  if (DRAFT_RE.test(ti)) return true;
  let score = 0;
  if (DOC_TITLE_RE.test(ti)) score += 1;
  if (DRAFT_RE.test(s)) score += 2;
  if (DOCNUM_RE.test(s) || DOCNUM_RE.test(ti)) score += 2;
  if (LABEL_HINT_RE.test(s)) score += 2;
  ARTICLE_RE.lastIndex = 0;
  let articles = 0;
  while (ARTICLE_RE.exec(s) && articles < 3) articles++;
  if (articles >= 2) score += 2;
  if (/本(?:办法|规定|细则|通知|意见|决定|指南|制度|条例)/.test(s)) score += 1;
  if (/根据《[^》]{2,40}》/.test(s)) score += 1;
  if (/发布机构|发文单位|成文时间/.test(s)) score += 1;
  if (/自.{0,12}(?:之日起|起)施行|有效期/.test(s)) score += 1;
  return score >= 2;
}
