/**
 * 通告: the title names the document a 通告 (not a notice that forwards one).
 */
import { defineExtractor } from './types';

const NOTICE_RE = /通告\s*$|通告[（(]|的通告/;
const FORWARDING_RE = /关于.{0,40}通告.{0,10}的通知/;

export const noticeExtractor = defineExtractor({
  name: 'notice',
  needs: ['titleNorm'],
  provides: ['notice'],
  run({ facts }) {
    const { titleNorm } = facts;
    return { notice: NOTICE_RE.test(titleNorm) && !FORWARDING_RE.test(titleNorm) };
  },
});
