/**
 * Classification: is the page a document at all, draft or final, its level (法律法规 / 规章 /
 * 行政规范性文件 / 其他), and how likely it is normative — a score with the reasons that
 * produced it (domain.md §6). Never a single title-word rule: 登记号 and 「规」 numbers
 * outweigh title words, and the exclusion list of §6 pulls the score down.
 */
import type { DocContext } from './context';
import type { ExtractedFacts } from './facts';
import type { Classification, Level } from './schema';

type Reason = { text: string; weight: number };

const TITLE_STRONG =
  /(?:实施细则|管理办法|暂行办法|试行办法|办法|规定|细则|规则|规程)(?:[（(](?:试行|暂行|修订|征求意见稿|送审稿|草案|讨论稿)[）)])*(?:》|$|的通知|的决定|的公告|的通告)/;
const TITLE_WEAK =
  /(?:实施意见|指导意见|意见|决定|通告|公告|若干措施|若干规定|措施|标准|目录|清单)(?:[（(](?:试行|暂行|征求意见稿|送审稿)[）)])*(?:》|$|的通知)/;
/** §6 exclusion list: title words of documents that are not normative. */
const TITLE_EXCLUDED: [RegExp, string][] = [
  [/工作方案|实施方案|行动方案|专项方案/, '方案'],
  [/工作要点|工作计划|工作安排|工作总结|总结/, '工作要点/计划/总结'],
  [/工作报告|报告$|的报告|调研报告/, '报告'],
  [/规划|纲要/, '规划/纲要'],
  [/应急预案|预案/, '应急预案'],
  [/任免|任命|免去|聘任|免职/, '人事任免'],
  [/表彰|嘉奖|通报表扬|通报批评|通报/, '表彰/通报'],
  [/会议纪要|纪要/, '会议纪要'],
  [/批复/, '批复'],
  [/复函|的函|函$|答复|回复/, '函/答复'],
  [/请示/, '请示'],
  [/信息公开指南|办事指南|服务指南|便民/, '指南/便民告知'],
  [/讲话|致辞|发言/, '讲话'],
  [/预算|决算|资金下达|资金分配|拨付/, '预算/资金分配'],
  [/名单|名录公示|公示/, '名单/公示'],
  [/工作规则|议事规则|内部管理|考勤|值班/, '内部工作制度'],
  [/招聘|招标公告|采购公告|中标/, '招聘/采购'],
  [/会议的通知|召开.{0,20}会议/, '会议通知'],
];
const CONTENT_NEG: [RegExp, string, number][] = [
  [/拨付|下达[^。\n]{0,12}资金|资金[^。\n]{0,6}(?:分配|下达)/, '内容为资金下达/拨付', -1.0],
  [/(?:代表|委员)(?:建议|提案)[^。\n]{0,20}答复|答复如下|现答复/, '内容为建议/提案答复', -2.0],
  [/任命[^。\n]{1,20}为|免去[^。\n]{1,20}职务/, '内容为人事任免', -2.0],
];
const RIGHTS_DUTIES: [RegExp, string][] = [
  [/应当/, '应当'],
  [/不得/, '不得'],
  [/申请/, '申请'],
  [/条件/, '条件'],
  [/适用于/, '适用于'],
  [/本(?:市|省|区|县|州|盟|旗)行政区域内/, '本行政区域内'],
  [/单位和个人|公民、法人(?:和|或者)其他组织|企业/, '面向单位和个人'],
];
const REGULATION_TEXT =
  /政府规章|规章草案|本规章|规章制定|立法(?:的|工作|计划|项目|程序|处|科|听证|公开|征求)/;
const LEGAL_OFFICE = /司法局|司法厅|法制办|法制局|法制办公室/;
/**
 * A 县/区/旗-level office (溪原县司法局, 海淀区司法局): counties and districts (not 自治区) cannot
 * make 规章 (立法法 2023 第九十三条: provinces, 设区的市 and 自治州 only), so their drafts are 规范性文件.
 * A bare 「某市」 may be a 设区的市 or a 县级市 and stays undecided.
 */
const COUNTY_LEVEL = /(?<!自治)(?:县|区|旗)(?:人民政府)?(?:司法局|法制办|法制局|法制办公室)/;
const SUBMITTED_BY_OTHER =
  /(?<![我本])(?:局|委|委员会|办公室|中心)[^。\n]{0,20}(?:起草|修改|形成)|报送(?:市|县|区|省)?人民政府审议|提请[^。\n]{0,10}审议/;
/** The notice itself says the draft is a 规范性文件. */
const SAYS_NORMATIVE = /行政规范性文件|规范性文件(?:制定|起草|管理)/;
/** Pages about a document rather than the document: 解读, Q&A, news. */
const NOT_A_DOCUMENT_TITLE = /解读|图解|一图读懂|答记者问|新闻发布会|问答$/;
/** After a consultation: 「关于《…（征求意见稿）》征求意见采纳情况的说明」, 「…结果反馈」. */
const POST_CONSULTATION_TITLE =
  /采纳情况|反馈情况|征求意见情况|结果反馈|征求意见结果|意见(?:建议)?(?:的)?(?:处理|办理)情况|意见反馈(?!表)/;
const LAW_BODY = /人民代表大会(?:常务委员会)?|人大常委会/;
const DOC_WORDS =
  /关于|办法|规定|细则|通知|公告|通告|意见|决定|条例|方案|规划|批复|报告|纪要|函|请示|措施|规则|指南|答复|预案|纲要|要点/;

/** Logistic squashing of the summed weights to 0..1. */
function squash(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Classifies a document from its context and extracted facts. */
export function classify(ctx: DocContext, f: ExtractedFacts): Classification {
  const reasons: Reason[] = [];
  const add = (text: string, weight: number) => reasons.push({ text, weight });
  const title = f.title
    ? f.title.source === 'text'
      ? ctx.norm.slice(f.title.start, f.title.end)
      : f.title.value
    : '';
  const head = ctx.norm.slice(0, Math.min(ctx.norm.length, ctx.headerEnd + 1500));
  const metaText = Object.values(ctx.model.meta).join(' ');
  const articles = ctx.model.blocks.reduce((n, b) => n + (b.kind === 'article' ? 1 : 0), 0);

  // Is it a document at all? A page about a document (解读, news) is not, whatever it quotes.
  const titleOwn = title.replace(/《[^》]*》/g, '');
  const aboutDocument =
    (!/关于/.test(title) && NOT_A_DOCUMENT_TITLE.test(titleOwn)) ||
    POST_CONSULTATION_TITLE.test(titleOwn);
  const isDocument =
    !aboutDocument &&
    (f.ownDocNumber !== null ||
      f.registration !== null ||
      f.orderNumber !== null ||
      articles >= 2 ||
      f.draftMarkers.length > 0 ||
      (title !== '' && DOC_WORDS.test(title) && ctx.raw.trim().length >= 30));

  // Level.
  let level: Level = '其他';
  const titleCore = title.replace(/[（(][^）)]*[）)]/g, '');
  // The act a draft notice is about: 「关于《某某条例（草案）》公开征求意见的公告」.
  const drafted = f.isDraft ? (/《([^》]+)》/.exec(title)?.[1] ?? '') : '';
  const isLaw =
    (/条例$|(?<![办])法$/.test(titleCore) && !/关于|印发|实施细则|办法$/.test(titleCore)) ||
    // A 规章 may not be called 条例 (规章制定程序条例 第七条): a drafted 条例 is a 法规.
    /条例$/.test(drafted.replace(/[（(][^）)]*[）)]/g, '')) ||
    (LAW_BODY.test(head) && /通过|公告/.test(head) && /条例/.test(title));
  if (isLaw) {
    level = '法律法规';
    add('标题为「条例/法」或由人大常委会通过，属法律法规', -5);
  } else if (f.orderNumber || (f.ownDocNumber?.isOrder ?? false)) {
    level = '规章';
    add('以政府令发布（令号），属规章', -5);
  } else if (f.isDraft && (REGULATION_TEXT.test(head) || REGULATION_TEXT.test(metaText))) {
    level = '规章';
    add('草案页面说明为政府规章/政府立法', -4);
  } else if (
    f.isDraft &&
    !SAYS_NORMATIVE.test(head) &&
    LEGAL_OFFICE.test(f.issuer?.value ?? '') &&
    !COUNTY_LEVEL.test(f.issuer?.value ?? '') &&
    SUBMITTED_BY_OTHER.test(head)
  ) {
    // The 司法局 publishes a draft another department wrote: the legislative route (规章).
    level = '规章';
    add('由司法局公开征求其他部门起草的草案，属规章立法程序', -3);
  }

  // Number signals (outweigh title words).
  if (f.registration) add(`载有登记号/统一编号 ${f.registration.text}`, 3.5);
  const own = f.ownDocNumber;
  if (own && /规字?$|规范$/.test(own.agency)) add(`发文字号含「规」：${own.text}`, 3);

  // Title words.
  let excludedTitle = false;
  if (title) {
    const strong = TITLE_STRONG.exec(title);
    const weak = strong ? null : TITLE_WEAK.exec(title);
    if (strong) add(`标题含「${strong[0].replace(/[》（(].*$|的.*$/, '')}」`, 1.5);
    else if (weak) add(`标题含「${weak[0].replace(/[》（(].*$|的.*$/, '')}」`, 0.8);
    for (const [re, label] of TITLE_EXCLUDED) {
      if (re.test(titleCore) && !/《[^》]*(?:办法|规定|细则)[^》]*》/.test(titleCore)) {
        add(`标题属于排除类型：${label}`, -2.5);
        excludedTitle = true;
        break;
      }
    }
    if (/(?:转发|印发)[^《]*《/.test(title)) add('印发/转发文件的通知', 0.2);
  }

  // Structure and language.
  if (articles >= 3) add(`按条文（第X条）撰写，共 ${articles} 条`, 1);
  const body = ctx.norm.length > 20000 ? ctx.norm.slice(0, 20000) : ctx.norm;
  let rd = 0;
  const rdNames: string[] = [];
  for (const [re, name] of RIGHTS_DUTIES) {
    if (re.test(body)) {
      rd++;
      rdNames.push(name);
    }
  }
  if (rd >= 2) add(`含权利义务用语：${rdNames.join('、')}`, Math.min(1.2, rd * 0.2));
  if (f.validity) add('载明有效期', 0.5);
  if (f.effective) add('载明施行日期', 0.4);
  for (const [re, text, w] of CONTENT_NEG) if (re.test(body)) add(text, w);
  if (aboutDocument) add('页面是对文件的解读或报道，不是文件本身', -4);
  else if (!isDocument) add('页面不像一份公文（无文号、无条文、标题不含文种）', -3);

  const sum = reasons.reduce((s, r) => s + r.weight, 0);
  const score = Math.round(squash(sum - 1.5) * 1000) / 1000;
  if (level === '其他' && isDocument && score >= 0.5) level = '行政规范性文件';
  void excludedTitle;
  reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return {
    isDocument,
    isDraft: f.isDraft,
    level,
    normative: level === '行政规范性文件',
    score,
    reasons,
  };
}
