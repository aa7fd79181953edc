/**
 * Draft markers and whether the page is a draft for comment: the title, short standalone
 * header lines (「（征求意见稿）」), metadata and attachment names; in the opening paragraphs
 * only the notice phrase 公开征求…意见. A marker inside running text (a meeting minute
 * mentioning a 送审稿) does not make a draft, nor does a report on a past consultation.
 */
import { defineExtractor, type Located } from './types';

const DRAFT_RE =
  /[（(][^（）()\n]{0,8}?(?:征求意见稿|送审稿|草案|讨论稿|修改稿|代拟稿|审议稿)[）)]|修订草案征求意见稿|修订征求意见稿|征求意见稿|送审稿|讨论稿|草案修改稿|审议稿|公开征求[^。\n]{0,30}意见|向社会(?:公开)?征求[^。\n]{0,30}意见|征询[^。\n]{0,15}意见|意见征集/g;
const NOTICE_PHRASE_RE =
  /公开征求[^。\n]{0,30}意见|向社会(?:公开)?征求[^。\n]{0,30}意见|征询[^。\n]{0,15}意见/g;
/** A standalone 「（征求意见稿）」 line. */
const DRAFT_LINE_RE =
  /^[（(][^（）()\n]{0,8}?(?:征求意见稿|送审稿|草案|讨论稿|修改稿|代拟稿|审议稿)[）)]$/;
/** 「已经公开征求意见…审议通过」: a final document telling its history, not a notice. */
const PAST_STEP_RE = /(?:已经?|经过?|曾|先后|业经)[^。，,；\n]{0,6}$/;
const POST_CONSULT_RE =
  /采纳情况|反馈情况|意见反馈|意见采纳|征求意见情况|情况的说明|结果公示|结果的公告|结果反馈|征求意见结果|意见(?:建议)?(?:的)?(?:处理|办理)情况/;

export const draftExtractor = defineExtractor({
  name: 'draft',
  needs: ['title', 'titleNorm'],
  provides: ['draftMarkers', 'isDraft'],
  run({ doc, facts }) {
    const { model, norm, raw } = doc;
    const { title, titleNorm } = facts;
    const draftMarkers: Located<string>[] = [];
    const postConsultation = POST_CONSULT_RE.test(titleNorm);
    const pushMarker = (m: RegExpExecArray, offset: number) =>
      draftMarkers.push({
        value: m[0],
        text: raw.slice(offset + m.index, offset + m.index + m[0].length),
        start: offset + m.index,
        end: offset + m.index + m[0].length,
        source: 'text',
      });
    let body = 0;
    for (const b of model.blocks) {
      const inHeader = b.start < doc.headerEnd;
      if (!inHeader && ++body > 3) break;
      const line = norm.slice(b.start, b.end);
      const standalone = b.kind === 'title' || (inHeader && line.length <= 16);
      const re = new RegExp(standalone ? DRAFT_RE.source : NOTICE_PHRASE_RE.source, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(line)) !== null && draftMarkers.length < 20) {
        if (!standalone && PAST_STEP_RE.test(line.slice(Math.max(0, m.index - 8), m.index)))
          continue;
        pushMarker(m, b.start);
      }
    }
    // A standalone 「（征求意见稿）」 line under the inner title of a draft also counts.
    for (const b of model.blocks) {
      if (draftMarkers.length >= 20) break;
      if (b.end - b.start > 16 || b.start < doc.headerEnd) continue;
      const m = DRAFT_LINE_RE.exec(norm.slice(b.start, b.end));
      if (m) pushMarker(m, b.start);
    }
    if (title && title.source === 'meta') {
      const tm = new RegExp(DRAFT_RE.source).exec(titleNorm);
      if (tm) draftMarkers.push({ value: tm[0], text: tm[0], start: 0, end: 0, source: 'meta' });
    }
    for (const a of model.attachments) {
      const am = new RegExp(DRAFT_RE.source).exec(a.name);
      if (am) draftMarkers.push({ value: am[0], text: am[0], start: 0, end: 0, source: 'meta' });
    }
    return { draftMarkers, isDraft: draftMarkers.length > 0 && !postConsultation };
  },
});
