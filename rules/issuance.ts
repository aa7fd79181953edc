/**
 * The level of a text from how it was issued (立法法): who passed or ordered it, read from the
 * header (issuance and history lines under the title), the order number, the metadata and the
 * title. A 人民代表大会 or its 常委会 passes 法律 (全国) and 地方性法规 (any title: 条例, 办法,
 * 规定, 规则); the 国务院 issues 行政法规 by 国务院令; a 国务院部门 issues 部门规章 by its 令; a
 * province's, 设区的市's or 自治州's government issues 地方政府规章 by its 令 (a county or a district
 * makes none, 立法法 第九十三条). A 修改/废止 decision takes the level of what it amends.
 *
 * Linear: the header lines are a bounded prefix of the blocks; every pattern is anchored or
 * bounded.
 */
import type { DocContext } from './context';
import type { ExtractedFacts } from './facts';
import { orderIssuer } from './facts/order-number';
import type { FineLevel, Level } from './schema';

export type Issuance = {
  fine: FineLevel;
  reason: string;
  weight: number;
};

/** What the issuance says when it rules a level out (a county's 令 is no 规章). */
export type IssuanceResult = { issued: Issuance | null; notes: { text: string; weight: number }[] };

export function coarseLevel(fine: FineLevel): Level {
  return fine === '部门规章' || fine === '地方政府规章' ? '规章' : '法律法规';
}

/** 「…人民代表大会（常务委员会）…会议通过/批准」, not 「通过了」 (news) nor inside 《》. */
const CONGRESS_PASSED_RE =
  /(?:人民代表大会(?:常务委员会)?|人大常委会)[^。《》\n]{0,24}?会议[^。《》\n]{0,6}?(?:通过|批准)(?![了的])/;
const NATIONAL_CONGRESS_RE = /全国人民代表大会|全国人大/;
/** 国务院 passed, ordered, approved or issued it: 「国务院第46次常务会议通过」, 「国务院批准」, 「国务院发布」. */
const STATE_COUNCIL_RE =
  /国务院(?:第\s*[\d一二三四五六七八九十百]+\s*次)?常务会议(?:审议)?通过|(?<![经报])国务院(?:批准|发布|公布|颁布)(?![了的])/;
/** A department's 部务会议 etc. that passed a rule published by order. */
const COUNTY_RE = /(?<!自治)(?:县|区|旗)(?:人民)?政府$/;

/** The header lines: the blocks before the first article or chapter, at most 15, each ≤ 400. */
function headerLines(ctx: DocContext): string[] {
  const out: string[] = [];
  const blocks = ctx.model.blocks;
  for (let i = 0; i < blocks.length && i < 15; i++) {
    const b = blocks[i]!;
    if (b.kind === 'article') break;
    const line = ctx.norm.slice(b.start, Math.min(b.end, b.start + 400));
    if (/^\s*第[一二三四五六七八九十]+章/.test(line)) break;
    out.push(line);
  }
  return out;
}

/** An issuance or history line: it opens with a bracket or a date. */
function issuanceLine(line: string): boolean {
  return /^\s*[（(]|^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年/.test(line);
}

/** A header line as quoted in a reason. */
function clip(line: string): string {
  const t = line.trim().replace(/^[（(]|[）)]$/g, '');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** Who issued: the title's body before 关于, else the facts' issuer. */
function issuerName(title: string, f: ExtractedFacts): string {
  const m = /^(.{2,40}?)(?:关于|印发)/.exec(title);
  return m ? m[1]! : (f.issuer?.value ?? '');
}

/** A place name at the start of a title: 「北京市…条例」, 「某自治州…条例」. */
const PLACE_TITLE_RE = /^[\p{Script=Han}]{1,12}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗)(?!场)/u;

/** The level of a 法律/法规 from its title (…法, …条例) and where it comes from. */
function lawFromTitle(titleCore: string): FineLevel {
  if (/(?<![办方做算说用])法$/.test(titleCore))
    return PLACE_TITLE_RE.test(titleCore) ? '地方性法规' : '法律';
  if (/自治条例$|单行条例$/.test(titleCore) || PLACE_TITLE_RE.test(titleCore)) return '地方性法规';
  return '行政法规';
}

/**
 * The level from how the text was issued, or null when the issuance says nothing. `titleCore`
 * is the title without brackets.
 */
export function readIssuance(
  ctx: DocContext,
  f: ExtractedFacts,
  title: string,
  titleCore: string,
): IssuanceResult {
  const notes: IssuanceResult['notes'] = [];
  const lines = headerLines(ctx);
  const issued = (fine: FineLevel, reason: string, weight = -5): IssuanceResult => ({
    issued: { fine, reason, weight },
    notes,
  });
  // 1. Passed by a people's congress: an issuance line, the metadata issuer, or the title.
  for (const line of lines) {
    if (!issuanceLine(line)) continue;
    const m = CONGRESS_PASSED_RE.exec(line);
    if (m)
      return NATIONAL_CONGRESS_RE.test(line.slice(0, m.index + m[0].length))
        ? issued('法律', `由全国人民代表大会或其常务委员会通过（${clip(line)}），属法律`)
        : issued(
            '地方性法规',
            `由地方人民代表大会或其常务委员会通过（${clip(line)}），属地方性法规`,
          );
  }
  const metaIssuer = f.issuer?.value ?? '';
  if (
    /人民代表大会|人大常委会/.test(metaIssuer) &&
    /(?:条例|办法|规定|规则|细则|法)$/.test(titleCore) &&
    !/关于|印发/.test(titleCore)
  )
    return /^全国|^中华人民共和国/.test(metaIssuer)
      ? issued('法律', `发布机关为全国人民代表大会常务委员会（${metaIssuer}），属法律`)
      : issued('地方性法规', `发布机关为地方人大常委会（${metaIssuer}），属地方性法规`);

  // 2. An order number. The 国务院 may have approved or passed what a department issues.
  let stateCouncil: string | null = null;
  for (const line of lines) {
    const m = issuanceLine(line) ? STATE_COUNCIL_RE.exec(line) : null;
    if (m) {
      stateCouncil = m[0];
      break;
    }
  }
  const order = f.orderNumber?.value ?? (f.ownDocNumber?.isOrder ? f.ownDocNumber.text : null);
  if (order) {
    const { issuer, kind } = orderIssuer(order);
    const who = issuer || '政府';
    switch (kind) {
      case 'president':
        return issued('法律', `以主席令公布（${order}），属法律`);
      case 'state-council':
        return issued('行政法规', `以国务院令公布（${order}），属行政法规`);
      case 'military':
        return issued('军事法规', `以中央军事委员会令公布（${order}），属军事法规`);
      case 'department':
        // Approved by the 国务院 (older 行政法规 issued by a department), or called 条例 (a
        // 规章 may not be: 规章制定程序条例 第七条).
        if (stateCouncil)
          return issued('行政法规', `由国务院批准、以部门令发布（${stateCouncil}），属行政法规`);
        if (/条例$/.test(titleCore))
          return issued('行政法规', `以部门令发布而名为「条例」（规章不得称条例），属行政法规`);
        return issued('部门规章', `以国务院部门令公布（${order}），属部门规章`);
      case 'local-government':
        return issued('地方政府规章', `以${who}令公布（${order}），属地方政府规章`);
      case 'county-government':
        notes.push({
          text: `${who}令：县级人民政府不能制定规章（立法法 第九十三条），按规范性文件审查`,
          weight: 1,
        });
        break;
      case 'local-department':
        notes.push({
          text: `${who}令：地方政府部门不能制定规章（立法法 第九十三条），按规范性文件审查`,
          weight: 1,
        });
        break;
      default:
        break;
    }
  }

  // 3. The 国务院 passed, approved or issued it (older 行政法规 without a 令号).
  if (stateCouncil)
    return issued('行政法规', `由国务院通过、批准或发布（${stateCouncil}），属行政法规`);

  // 4. A decision that amends or repeals: the level of what it amends.
  const amend =
    /关于(?:修改|废止|修订|修改和废止|废止和修改)(?:《([^》]{1,60})》|(?:部分|一批|部分地方|和废止部分)?([^的《》]{0,12}?))(?:等[^的]{0,12})?的决定$/.exec(
      titleCore,
    );
  if (amend && !/规范性文件|文件$/.test(amend[2] ?? '')) {
    const who = issuerName(title, f);
    const target = (amend[1] ?? amend[2] ?? '').replace(/[（(][^）)]*[）)]/g, '');
    const byCongress = /人民代表大会|人大常委会/.test(who);
    const byStateCouncil = /^(?:中华人民共和国)?国务院$/.test(who);
    const byGov = /政府$/.test(who);
    const reason = (fine: FineLevel) =>
      `修改/废止${amend[1] ? `《${amend[1]}》` : target}的决定，与所修改的文件同级，属${fine}`;
    if (/行政法规/.test(target) || (byStateCouncil && /条例|规定|办法$/.test(target)))
      return issued('行政法规', reason('行政法规'));
    if (/地方性法规/.test(target) || (byCongress && !/全国/.test(who)))
      return issued('地方性法规', reason('地方性法规'));
    if (/法律|法$/.test(target) && (byCongress || /^中华人民共和国/.test(target)))
      return issued('法律', reason('法律'));
    if (/规章|(?:办法|规定|细则|规则)$/.test(target)) {
      if (byGov && COUNTY_RE.test(who)) {
        notes.push({ text: '县级人民政府的修改决定：县级人民政府不能制定规章', weight: 0 });
      } else if (byGov) return issued('地方政府规章', reason('地方政府规章'));
      else if (who !== '' && !/(?:办公厅|办公室)$/.test(who) && !PLACE_TITLE_RE.test(who))
        return issued('部门规章', reason('部门规章'));
      else if (/规章/.test(target)) return issued('地方政府规章', reason('地方政府规章'));
    }
  }

  // 5. The title of a 法律/法规 (…法, …条例) or a people's congress's decision.
  const congressTitle = /人民代表大会(?:常务委员会)?|人大常委会/.test(titleCore);
  if (congressTitle && /决定$|条例$|规定$|办法$/.test(titleCore))
    return issued(
      /^全国/.test(titleCore) ? '法律' : '地方性法规',
      '标题表明由人大或其常委会作出，属法律法规',
    );

  // 6. A publication order whose number the copy lost (a PDF's header runs come out scrambled:
  // 「中国人民银行令第为促进…现予公布日起施行。行长…」): the body's 令 sentence, 现予公布/发布 …
  // 施行, signed by its head — the form in which 规章 are published (规章制定程序条例 第三十一条).
  if (!/关于|通知|公告|通告|决定$/.test(titleCore)) {
    const pub =
      /([\p{Script=Han}]{2,30}?)令\s*第?[\s\S]{0,240}?现予(?:公布|发布)[\s\S]{0,40}?(?:施行|实施)[\s\S]{0,30}?(?:部长|行长|署长|局长|主任|省长|市长|州长)/u.exec(
        lines.join('\n'),
      );
    if (pub) {
      const { issuer, kind } = orderIssuer(`${pub[1]}令第`);
      const said = `${issuer}令的公布语（令号在此副本中缺失）`;
      if (kind === 'department') return issued('部门规章', `以${said}公布，属部门规章`);
      if (kind === 'local-government')
        return issued('地方政府规章', `以${said}公布，属地方政府规章`);
    }
  }
  return { issued: null, notes };
}

export { lawFromTitle };
