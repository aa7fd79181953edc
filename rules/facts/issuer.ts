/**
 * The issuer: the metadata's 发布机构-style field, else the signature that closes the text,
 * else the body named at the head of the title (「…人民政府关于…」).
 */
import { ISSUER_KEYS } from './labels';
import { locateMeta, metaValue } from './meta';
import { defineExtractor, type Located } from './types';

const TITLE_ISSUER_RE =
  /^(.{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|委员会|办公室|办公厅|局|厅|委|院|中心|署|部|银行))(?:关于|印发)/;

export const issuerExtractor = defineExtractor({
  name: 'issuer',
  needs: ['title', 'titleNorm'],
  provides: ['issuer'],
  run({ doc, facts }) {
    const { model, raw } = doc;
    const { title, titleNorm } = facts;
    let issuer: Located<string> | null = null;
    const mi = metaValue(doc, ISSUER_KEYS);
    if (mi) {
      const span = locateMeta(doc, ISSUER_KEYS, mi);
      issuer = { value: mi, text: mi, ...span, source: span.end > span.start ? 'text' : 'meta' };
    } else {
      const sig = [...model.blocks]
        .reverse()
        .find((b) => b.kind === 'signature' && b.start >= doc.closingStart - 200);
      if (sig) {
        const text = raw.slice(sig.start, sig.end);
        issuer = { value: text.trim(), text, start: sig.start, end: sig.end, source: 'text' };
      } else if (title) {
        const m = TITLE_ISSUER_RE.exec(titleNorm);
        if (m)
          issuer = {
            value: m[1]!,
            text: m[1]!,
            start: title.start,
            end: title.source === 'text' ? title.start + m[1]!.length : 0,
            source: title.source,
          };
      }
    }
    return { issuer };
  },
});
