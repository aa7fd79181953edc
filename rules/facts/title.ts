/**
 * The title: the text's title block (located), else the title the page or file gave (meta).
 * Also its matching copy, which later extractors read.
 */
import { defineExtractor, type Located } from './types';

export const titleExtractor = defineExtractor({
  name: 'title',
  needs: [],
  provides: ['title', 'titleNorm'],
  run({ doc }) {
    const { model, norm, raw } = doc;
    let title: Located<string> | null = null;
    const tb = model.blocks.find((b) => b.kind === 'title');
    if (tb) {
      const text = raw.slice(tb.start, tb.end);
      // A title broken over lines reads as one line.
      const value = /\n/.test(text) ? text.replace(/\s*\n\s*/g, '') : text;
      title = { value, text, start: tb.start, end: tb.end, source: 'text' };
    } else if (model.title) {
      title = { value: model.title, text: model.title, start: 0, end: 0, source: 'meta' };
    }
    const titleNorm = title
      ? title.source === 'text'
        ? norm.slice(title.start, title.end).replace(/\s*\n\s*/g, '')
        : model.title!
      : '';
    return { title, titleNorm };
  },
});
