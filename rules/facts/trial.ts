/**
 * 暂行/试行: in the title, or a document that takes effect 「…起试行」 whatever its title says.
 */
import { defineExtractor, type Located } from './types';

const TRIAL_RE = /暂行|试行/;

export const trialExtractor = defineExtractor({
  name: 'trial',
  needs: ['title', 'titleNorm', 'effective'],
  provides: ['trial'],
  run({ doc, facts }) {
    const { title, titleNorm, effective } = facts;
    let trial: Located<string> | null = null;
    if (title) {
      const tm = TRIAL_RE.exec(titleNorm);
      if (tm) {
        const s = title.source === 'text' ? title.start + tm.index : 0;
        trial = {
          value: tm[0],
          text: tm[0],
          start: s,
          end: title.source === 'text' ? s + 2 : 0,
          source: title.source,
        };
      }
    }
    if (!trial && effective && /试行$/.test(effective.text)) {
      // 「本办法自2026年1月1日起试行」: a trial document whatever its title says.
      const s = effective.end - 2;
      trial = {
        value: '试行',
        text: doc.raw.slice(s, effective.end),
        start: s,
        end: effective.end,
        source: 'text',
      };
    }
    return { trial };
  },
});
