/**
 * The last day of validity: the stated end date, or the stated number of years counted from
 * the period's own start, else from the 施行 date, else from publication. When the document
 * has a 施行 clause whose date is unknown (a draft's 「自印发之日起施行」), no end is counted:
 * the consultation notice's publication is not the document's start.
 */
import { periodEnd, type YMD } from './dates';
import { defineExtractor } from './types';

export const expiryExtractor = defineExtractor({
  name: 'expiry',
  needs: ['validity', 'effective', 'publishDate'],
  provides: ['expiry'],
  run({ facts }) {
    const { validity, effective, publishDate } = facts;
    let expiry: YMD | null = null;
    if (validity) {
      if (validity.until) expiry = validity.until;
      else if (validity.years !== null) {
        const start = validity.from ?? (effective ? effective.value : (publishDate?.value ?? null));
        if (start) expiry = periodEnd(start, validity.years);
      }
    }
    return { expiry };
  },
});
