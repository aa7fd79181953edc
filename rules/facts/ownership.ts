/**
 * Whose clause is it? A validity period or an effective date is the document's own only when
 * its clause speaks of the document (本办法/本通知…, or of nothing else), not of a licence,
 * certificate, permit or contract the document regulates (「许可证有效期为3年」「颁发证书，有效期
 * 五年」), nor of another document it quotes (「《…》有效期至…」), unless the document issues or
 * extends that document (its name is in the title, or the clause extends it: 「有效期延长至」).
 */
import type { DocContext } from '../context';
import { isSentenceEnd } from '../text';

/** `own`: the clause names the document itself; `other`: something else; `neutral`: no subject. */
export type Owner = 'own' | 'other' | 'neutral';

/** The document speaking of itself. */
export const SELF_RE =
  /本(?:办法|规定|细则|意见|通知|决定|规则|通告|公告|文件|措施|制度|方案|标准|指引|规范|条例|实施细则|实施意见|暂行办法|试行办法|若干措施|若干规定|管理办法|政策|规章)/g;
/**
 * Things with a validity of their own, written directly before 有效期: licences, certificates,
 * permits, qualifications, contracts, cards, approvals, reports, 认定 results, and any 「…证」
 * (导游证, 驾驶证, 居住证; not 保证, 论证, 验证).
 */
const THING_BEFORE_RE =
  /(?:许可证|许可|证书|证照|执照|证明|证件|资格|资质|批准文件|批件|批复|决定书|意见书|合同|协议|卡|码|牌照|凭证|通行证|登记证|认定|认证|标志|报告|名录|称号|备案|签证|签注|护照|票据|授权|鉴定|结果|资料|材料|(?<!保|论|验|查|佐|例|见)证)$/;
/** The same things as the subject earlier in the sentence (「颁发证书，有效期五年」). */
const THING_RE =
  /许可证|证书|证照|执照|资格证|资质|批准文件|决定书|合同|协议|牌照|通行证|登记证|认定为|予以认定|颁发|核发|发放/g;
/** A clause that extends a period: the document's own act even when it names another. */
const EXTEND_RE = /延长|延续|顺延|延期|继续有效/;
const LOOKBACK = 80;

/**
 * Decides whose clause `[start, …)` is, from what precedes it in its sentence. `titleNorm` is
 * the title in the matching copy (a quoted document named there is the document itself).
 */
export function clauseOwner(
  ctx: DocContext,
  start: number,
  clause: string,
  titleNorm: string,
): Owner {
  const { norm } = ctx;
  let s = start;
  const min = Math.max(0, start - LOOKBACK);
  while (s > min && !isSentenceEnd(norm.charCodeAt(s - 1))) s--;
  const before = norm.slice(s, start);
  // Directly before: 「《…》（…号）的有效期」, 「许可证的有效期」.
  const tight = before.replace(/(?:的|其|之|\s)+$/, '');
  const quoted = /《([^《》]{1,60})》(?:\s*[（(][^（）()]{0,30}[）)])?$/.exec(tight);
  if (quoted) {
    const name = quoted[1]!;
    if (titleNorm.includes(name) || EXTEND_RE.test(clause)) return 'neutral';
    return 'other';
  }
  if (THING_BEFORE_RE.test(tight)) return 'other';
  let self = -1;
  let thing = -1;
  let m: RegExpExecArray | null;
  const sr = new RegExp(SELF_RE.source, 'g');
  while ((m = sr.exec(before)) !== null) self = m.index + m[0].length;
  const tr = new RegExp(THING_RE.source, 'g');
  while ((m = tr.exec(before)) !== null) thing = m.index + m[0].length;
  if (self > thing) return 'own';
  // 「其有效期」: its — a thing named before, not the document (which says 本办法).
  if (/其\s*(?:的)?\s*$/.test(before)) return 'other';
  if (EXTEND_RE.test(clause)) return 'neutral';
  return thing >= 0 ? 'other' : 'neutral';
}
