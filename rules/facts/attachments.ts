/**
 * Attachments: the page's links to files, plus file names written in the text (「附件：1.
 * 起草说明.docx」), each once.
 */
import { defineExtractor } from './types';

/** File extensions of attachments; the name is read backwards from the extension. */
const ATTACH_EXT_RE = /\.(?:docx?|pdf|wps|ofd|xlsx?|et|zip|rar)(?![A-Za-z])/gi;
const ATTACH_NAME_STOP = /[\s:：、，,;；]/;
/** 「附件1：」「1.」「2、」 before an attachment's name. */
const ATTACH_NUMBERING_RE = /^\s*(?:附件\s*\d*\s*[.．、:：]?|\d+\s*[.．、])\s*/;
/** Everything up to the last file extension inside a name (two names run together). */
const ATTACH_INNER_RE = /^.*\.(?:docx?|pdf|wps|ofd|xlsx?|et|zip|rar)(?![A-Za-z])/i;

export const attachmentsExtractor = defineExtractor({
  name: 'attachments',
  needs: [],
  provides: ['attachments'],
  run({ doc }) {
    const { model, raw } = doc;
    const attachments = [...model.attachments];
    const re = new RegExp(ATTACH_EXT_RE.source, 'gi');
    let m: RegExpExecArray | null;
    // A link 「1. 起草说明.docx」 and the text's 「起草说明.docx」 are one file.
    const key = (name: string) => name.replace(ATTACH_NUMBERING_RE, '').replace(/\s+/g, '');
    const names = new Set(attachments.map((a) => key(a.name)));
    while ((m = re.exec(raw)) !== null) {
      let s = m.index;
      while (s > 0 && m.index - s < 80 && !ATTACH_NAME_STOP.test(raw[s - 1]!)) s--;
      if (s === m.index) continue;
      let name = raw.slice(s, m.index + m[0].length);
      // Links printed without a separator: 「…意见稿.docx2.起草说明.pdf」.
      const before = ATTACH_INNER_RE.exec(name.slice(0, -m[0].length));
      if (before) name = name.slice(before[0].length);
      name = name.replace(ATTACH_NUMBERING_RE, '');
      if (!/[\p{Script=Han}A-Za-z]/u.test(name.slice(0, -m[0].length))) continue;
      if (!names.has(key(name))) {
        names.add(key(name));
        attachments.push({ name, href: '' });
      }
      if (attachments.length > 200) break;
    }
    return { attachments };
  },
});
