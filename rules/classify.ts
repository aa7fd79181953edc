/**
 * Classification: is the page a document at all, draft or final, its level (法律法规 / 规章 /
 * 行政规范性文件 / 其他), and how likely it is normative — a score with the reasons that
 * produced it (domain.md §6). Never a single title-word rule: 登记号 and 「规」 numbers
 * outweigh title words, and the exclusion list of §6 pulls the score down.
 */
import type { DocContext } from './context';
import type { ExtractedFacts } from './facts';
import { coarseLevel, lawFromTitle, readIssuance, type Issuance } from './issuance';
import type { Classification, Level } from './schema';

type Reason = { text: string; weight: number };

const TITLE_STRONG =
  /(?:实施细则|管理办法|暂行办法|试行办法|办法|规定|细则|规则|规程)(?:[（(](?:试行|暂行|修订|征求意见稿|送审稿|草案|讨论稿)[）)])*(?:》|$|的通知|的决定|的公告|的通告)/;
const TITLE_WEAK =
  /(?:实施意见|指导意见|意见|决定|通告|公告|若干措施|若干规定|措施|标准|目录|清单|方法)(?:[（(](?:试行|暂行|征求意见稿|送审稿)[）)])*(?:》|$|的通知)/;
/**
 * §6 exclusion list: title words of documents that are not normative, with their weight.
 * Acts aimed at one party or one occasion (批复, 任免, 表彰, 纪要, 函, a 决定书) weigh more
 * than plan-like documents (方案, 规划, 要点), which are sometimes registered as normative.
 */
const TITLE_EXCLUDED: [RegExp, string, number][] = [
  [/工作方案|实施方案|行动方案|专项方案/, '方案', -2.5],
  [/工作要点|工作计划|工作安排|工作总结|总结/, '工作要点/计划/总结', -2.5],
  [/工作报告|报告$|的报告|调研报告/, '报告', -2.5],
  [/规划$|规划(?:纲要|的通知|》)|纲要/, '规划/纲要', -2.5],
  [/应急预案|预案/, '应急预案', -2.5],
  [/任免|任命|免去|聘任|免职/, '人事任免', -4],
  [/关于表彰|表彰[^。]{0,30}的决定|嘉奖|通报表扬|通报批评|通报$|的通报/, '表彰/通报', -2.5],
  [/会议纪要|纪要/, '会议纪要', -4],
  [/批复/, '批复', -4],
  [/复函|的函|函$|答复|回复/, '函/答复', -4],
  [/请示/, '请示', -4],
  [/决定书|许可证$|准予|不予(?:许可|受理)|处罚决定/, '针对特定对象的决定书', -4],
  [
    /(?:征收|征用|收回)[^。]{0,20}(?:土地|房屋|地块)|(?:土地|房屋)征收|征地|拆迁/,
    '针对特定地块/房屋的征收事项',
    -2.5,
  ],
  [
    /信息公开指南|办事指南|服务指南|申请须知|办事须知|便民|办公时间|作息时间|放假|节假日/,
    '指南/便民告知',
    -2.5,
  ],
  [/讲话|致辞|发言/, '讲话', -4],
  [/预算|决算|资金下达|资金分配|拨付|下达[^。]{0,20}资金/, '预算/资金分配', -2.5],
  [/名单$|名录公示|公示$|的公示/, '名单/公示', -2.5],
  [/内部管理|考勤|值班|请休假|休假管理|机关管理/, '内部工作制度', -2.5],
  // A government's or a body's own 工作规则/议事规则 is internal whatever its title ends with.
  [/工作规则|议事规则/, '机关工作规则/议事规则', -2.6],
  [/招聘|招标公告|采购公告|中标|成交公告/, '招聘/采购', -4],
  [/会议的通知|召开.{0,20}会议/, '会议通知', -4],
];
const CONTENT_NEG: [RegExp, string, number][] = [
  // 「现将…资金下达给你们」: allocation, not the subsidy rules (which say 拨付 too).
  [/下达[^。\n]{0,12}资金|资金[^。\n]{0,6}(?:分配|下达)/, '内容为资金下达/分配', -1.0],
  [
    /适用于本(?:局|委|厅|办|中心)(?:机关)?|本(?:局|委|厅)机关(?:各科室|全体|工作人员|干部职工)|局机关各科室|机关工作人员(?:请假|考勤|值班)/,
    '只约束本机关及其工作人员（内部管理）',
    -2.5,
  ],
  [
    /你(?:单位|公司|企业|局|委|厅)|该(?:公司|企业|单位)的申请/,
    '针对特定对象（你单位/你公司）',
    -2.0,
  ],
  [/(?:代表|委员)(?:建议|提案)[^。\n]{0,20}答复|答复如下|现答复/, '内容为建议/提案答复', -2.0],
  [/任命[^。\n]{1,20}为|免去[^。\n]{1,20}职务/, '内容为人事任免', -2.0],
];
const RIGHTS_DUTIES: [RegExp, string][] = [
  [/应当/, '应当'],
  [/不得/, '不得'],
  [/禁止/, '禁止'],
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
/** Search results and document lists. */
const LISTING_TITLE =
  /^(?:搜索结果|检索结果|站内搜索|全文检索|查询结果)|(?:搜索结果|检索结果|文件列表|政策文件库|文件库)$/;
const NOT_A_DOCUMENT_TITLE = /解读|图解|一图读懂|答记者问|新闻发布会|问答$/;
/** After a consultation: 「关于《…（征求意见稿）》征求意见采纳情况的说明」, 「…结果反馈」. */
const POST_CONSULTATION_TITLE =
  /采纳情况|反馈情况|征求意见情况|结果反馈|征求意见结果|意见(?:建议)?(?:的)?(?:处理|办理)情况|意见反馈(?!表)/;
const LAW_BODY = /人民代表大会(?:常务委员会)?|人大常委会/;
const DOC_WORDS =
  /关于|办法|规定|细则|通知|公告|通告|意见|决定|条例|方案|规划|批复|报告|纪要|函|请示|措施|规则|指南|答复|预案|纲要|要点/;

/**
 * What a short notice (通知, 公告, 通告, 决定 without 第X条 articles) does to the public (issue 14
 * item 4): a notice binds 公民、法人和其他组织 when it imposes a fee, a sanction on those who break it,
 * a condition, a duty or a restriction on them, or extends or continues another document's
 * validity — then it is a 规范性文件 and is reviewed like one. Meeting notices, personnel, work
 * arrangements, 批复 and news keep their exclusions.
 */
const PUBLIC_SUBJECT =
  '(?:任何单位和个人|单位和个人|单位或者个人|公民、法人(?:和|或者)其他组织|任何人|市民|居民|游客|经营者|(?:生产)?经营单位|个体工商户|市场主体|机动车|非机动车|车辆|驾驶人|行人|船舶|养犬人|犬主|业主|用人单位|纳税人|缴费人|参保人(?:员)?|申请人|投资者|金融机构|商业银行|保险公司|证券公司|从业人员|出租人|承租人|受让人|转让人|买受人|购房人|借款人|投保人|被保险人|产权人|(?:房屋)?所有权人|建设单位|施工单位|运输单位|(?:进出?口|出口)单位|(?:所有人|饲养人)(?:或者?|和)?管理人)';
/** A fee on the public, not a waiver (免收, 不收取) nor a ban on charging (严禁…收取). */
const BIND_FEE =
  /(?<![免不停禁止])(?:收取|收缴|征收|计收|缴纳|交纳|缴交|交存|缴存)[^。；;\n]{0,16}?(?:费|金)(?![用]?(?:补贴|补助))|(?:费|资金|押金|保证金)[^。；;\n]{0,40}?(?<![免不])(?:缴纳|交纳|交存|缴存)|收费标准(?:为|按)|按[^。；;\n]{0,20}标准收取/;
const BIND_SANCTION =
  /(?:对|凡)?违反[^。；;\n]{0,40}?(?:的|者)[，,]?[^。；;\n]{0,30}?(?:处罚|处理|查处|罚款|没收|扣押|吊销|拘留)|违者[^。；;\n]{0,20}(?:处罚|处理|罚款|追究|查处|没收)|对[^。；;\n]{0,40}?的[，,][^。；;\n]{0,60}?(?:处以?|并处)[^。；;\n]{0,20}?(?:罚款|行政处罚|拘留)/;
const BIND_DUTY = new RegExp(
  `${PUBLIC_SUBJECT}[^。；;\\n]{0,20}?(?:禁止|严禁|不得|不准|应当|应(?=[按依在向于对将及]|[^\\n]{0,2}(?:报送|提交|报告|执行|办理))|须|必须|一律)|(?:禁止|严禁|不准|不得)(?:任何)?${PUBLIC_SUBJECT}|(?:实施|实行|采取)[^。；;\\n]{0,12}?(?:限行|禁行|限制通行|禁止通行|交通管制)|(?:禁止|严禁|不准|不得)[^。；;\\n]{0,24}?(?:燃放|销售|停放|通行|饲养|遛|焚烧|捕捞|垂钓|游泳|设置|占用|倾倒|丢弃|携带|进入|驶入|运输|排放|搭建|采挖|猎捕|放牧|张贴|经营)`,
);
const BIND_CONDITION =
  /(?:须|应当|必须)(?:向[^。；;\n]{1,24}?)?(?:具备|符合|取得|持有|提交|提供|办理|申请)[^。；;\n]{0,20}?(?:条件|许可|资格|证明|登记|备案|手续|审批)/;
/**
 * An activity made subject to an organ's approval (「…须经某某批准」): the notice sets a licence on
 * whoever carries it on — unless the sentence is about the administration's own staff, travel,
 * funds or purchases (「因公出国须经批准」).
 */
const BIND_APPROVAL =
  /[^。；;\n]*(?:须|必须|应当)(?:事先|预先)?(?:经|报经?)[^。；;\n]{1,20}?(?:批准|审批|核准|许可)(?![的后])/;
const INTERNAL_APPROVAL =
  /工作人员|干部|职工|因公|公务|出国|出境|经费|资金|预算|采购|本(?:单位|部门|机关)|各(?:单位|部门)|机关/;
const EXTENDS_VALIDITY =
  /有效期(?:延长|顺延|延续)(?:至|到)|延长[^。；;\n]{0,40}?有效期|(?:继续|延续)(?:执行|施行|实施|有效)(?![的情])|》[^。；;\n]{0,40}?(?:同时|予以|自[^。；;\n]{0,16}?起)?(?:废止|停止执行|失效)/;
/**
 * A 通告 publishes 「应当遵守或者周知的事项」 (党政机关公文处理工作条例 第八条): the rules it
 * sets are on whoever is in its area. Commands in two or more of its sentences, or a ban or a
 * restriction in its own title (「关于禁止…的通告」), make it bind the public; a 通告 that only
 * informs (停水, 考试时间) has neither.
 */
const NOTICE_COMMAND =
  /禁止|严禁|不得|不准|一律|必须|务必|立即停止|停止(?!供|营业时间)[^。；;\n]{0,6}(?:作业|生产|经营|销售|使用)/;
const NOTICE_TITLE_BAN =
  /禁止|严禁|禁(?:渔|牧|猎|烧|燃|放|养|采|售|运|行)|限制|限行|管制|采青|抢青/;
/**
 * Issuers that are not administrative bodies: party organs (中共…委员会 and its 办公室, 组织部,
 * 宣传部…) and people's organisations (共青团, 工会, 妇联, 科协…). Their documents are 党内 or
 * organisational rules, not 行政规范性文件 (国办发〔2018〕37号 一、(一): made by 行政机关 or
 * 法律、法规授权的组织) — unless an administrative body issues jointly with them (两办联合发文).
 */
const NON_GOVERNMENT_ISSUER =
  /^(?:中国共产党|中共|共青团|中国共产主义青年团)|(?:党委|党组|纪律检查委员会|纪委|监察委员会|组织部|宣传部|统战部|政法委员会|政法委|团委|团中央|总工会|工会|妇女联合会|妇联|科学技术协会|科协|文学艺术界联合会|文联|归国华侨联合会|侨联)(?:办公厅|办公室)?$/;
/** Who is not an administrative body: a company, an association, a school … */
const NOT_ADMINISTRATIVE =
  /公司|集团|协会|学会|商会|联合会|学校|学院|大学|医院|物业|居民委员会|村民委员会/;
const ADMINISTRATIVE =
  /人民政府|办公厅|办公室|(?:局|厅|委|委员会|管理局|管委会|管理委员会|中心|署|部)$/;
/** A work arrangement addressed to subordinate bodies: it organises, it does not bind. */
const WORK_ARRANGEMENT_TITLE =
  /做好[^《》]{0,30}工作|开展[^《》]{0,30}(?:工作|活动|行动|检查|评选|培训|调研)|(?:组织|举办)[^《》]{0,20}(?:培训|比赛|活动|评选)|报送|上报|填报|(?:申报|推荐|评选|遴选)[^《》]{0,20}(?:工作|项目)?的通知/;

/**
 * Who a document binds (issue 14, classification of internal documents with articles): the
 * administration itself — its departments and units, its staff and enforcement officers, the
 * project and budget units that spend public money — or the public. A 「…办法/制度」 with
 * articles whose duties fall only on the administration (budget-fund management, enforcement
 * work systems, website or 政务公开 rules) is internal, not a 规范性文件 (规范性文件 bind
 * 公民、法人和其他组织: 国办发〔2018〕37号 一、(一)).
 */
const INTERNAL_SUBJECT =
  /各(?:级|有关)?(?:部门|单位|科室|处室|处（室）|县（市、区）|县（市）|区县|部委|直属机构|厅委|委办局|厅局|市州)|本(?:机关|部门|单位)|财政(?:厅|局)|示范(?:市|县|区)|(?:机关)?工作人员|执法人员|行政执法(?:机关|部门|单位)|(?:项目|预算|资金使用|承办|主管)单位|(?:主管|财政|审计|业务)部门|(?:县|市|区)级?(?:人民)?政府/g;
const PUBLIC_BOUND = new RegExp(
  `${PUBLIC_SUBJECT}|公民|法人|个人|企业|群众|社会组织|当事人|相对人|消费者|农户|患者|学生|家长|申请单位`,
  'g',
);
/** Title topics of the administration's own business: its funds, its enforcement work, its site. */
const INTERNAL_TOPIC_TITLE =
  /(?:资金|经费)(?:使用)?(?:管理|使用)|财政(?:专项)?资金|政务公开|信息公开工作|网站|行政执法[^《》]{0,16}制度|执法(?:责任|过错|公示|全过程|审核|案卷)|机关[^《》]{0,8}(?:管理|制度)/;
/** At most this many characters are counted (long documents are judged on their opening). */
const BOUND_SPAN = 20000;

/** How many times `re` (global) matches in `text`, capped. */
function countMatches(re: RegExp, text: string, cap = 50): number {
  const r = new RegExp(re.source, 'g');
  let n = 0;
  while (n < cap && r.exec(text) !== null) n++;
  return n;
}

/** How many sentences of `body` (its first 5,000 characters) give a command ({@link NOTICE_COMMAND}). */
function commandSentences(body: string): number {
  let n = 0;
  for (const sentence of body.slice(0, 5000).split(/[。；;\n]/)) {
    if (NOTICE_COMMAND.test(sentence) && ++n >= 5) break;
  }
  return n;
}

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
      ? ctx.norm.slice(f.title.start, f.title.end).replace(/\s*\n\s*/g, '')
      : f.title.value
    : '';
  const head = ctx.norm.slice(0, Math.min(ctx.norm.length, ctx.headerEnd + 1500));
  const metaText = Object.values(ctx.model.meta).join(' ');
  // A 转发 notice is judged on its own part, not on the document it forwards.
  const ownEnd = f.forwardedAt ?? ctx.norm.length;
  const articles = ctx.model.blocks.reduce(
    (n, b) => n + (b.kind === 'article' && b.start < ownEnd ? 1 : 0),
    0,
  );

  // Is it a document at all? A page about a document (解读, news) is not, whatever it quotes.
  const titleOwn = title.replace(/《[^》]*》/g, '');
  const aboutDocument =
    (!/关于/.test(title) && NOT_A_DOCUMENT_TITLE.test(titleOwn)) ||
    // 「关于《…办法》的政策解读」: the 关于 names what is explained.
    /(?:解读|问答|答记者问)$/.test(titleOwn) ||
    POST_CONSULTATION_TITLE.test(titleOwn) ||
    // News: 「青岚市印发《…办法》」, 「我市出台《…》」.
    (!/关于|通知|决定|公告|通告/.test(titleOwn) &&
      /^[^《]{1,20}(?:印发|出台|发布|公布)(?:了)?《[^》]+》/.test(title));
  // A search result or a list of documents quotes many numbers and clauses of many documents.
  const listing = LISTING_TITLE.test(title);
  const isDocument =
    !aboutDocument &&
    !listing &&
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
    (/条例$|(?<![办方做算说用])法$/.test(titleCore) &&
      !/关于|印发|实施细则|办法$/.test(titleCore)) ||
    // 人大常委会关于…的决定 (a local people's congress act).
    (LAW_BODY.test(titleCore) && /决定$|条例$|规定$|办法$/.test(titleCore)) ||
    // A 规章 may not be called 条例 (规章制定程序条例 第七条): a drafted 条例 is a 法规.
    /条例$/.test(drafted.replace(/[（(][^）)]*[）)]/g, '')) ||
    (LAW_BODY.test(head) && /通过|公告/.test(head) && /条例/.test(title));
  // How it was issued (人大 passed it, a 国务院令, a department's or a government's 令, an
  // amending decision) outweighs the title.
  const { issued, notes } = readIssuance(ctx, f, title, titleCore);
  let fine: Issuance | null = issued;
  for (const n of notes) add(n.text, n.weight);
  if (issued) {
    level = coarseLevel(issued.fine);
    add(issued.reason, issued.weight);
  } else if (isLaw) {
    level = '法律法规';
    fine = {
      fine: lawFromTitle(
        (drafted || titleCore).replace(/[（(][^）)]*[）)]/g, '').replace(/《[^》]*》/g, ''),
      ),
      reason: '标题为「条例/法」',
      weight: -5,
    };
    add('标题为「条例/法」或由人大常委会通过，属法律法规', -5);
  } else if ((f.orderNumber || (f.ownDocNumber?.isOrder ?? false)) && notes.length === 0) {
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
  if (title) {
    // The document's own type: inside 《》 only when it issues, forwards or consults on that
    // document (「关于印发《…办法》的通知」), not when it implements or explains one.
    const typed = f.isDraft || /(?:印发|转发|发布|公布)[^《]*《/.test(title) ? title : titleOwn;
    const strong = TITLE_STRONG.exec(typed);
    const weak = strong ? null : TITLE_WEAK.exec(typed);
    if (strong) add(`标题含「${strong[0].replace(/[》（(].*$|的.*$/, '')}」`, 1.5);
    else if (weak) add(`标题含「${weak[0].replace(/[》（(].*$|的.*$/, '')}」`, 0.8);
    // A title whose own type is 办法/规定/细则 is not excluded by a word inside it
    // (「城市规划区内临时建筑管理规定」, 「表彰奖励办法」).
    const ownStrong = TITLE_STRONG.test(titleCore.replace(/《[^》]*》/g, ''));
    // The heaviest exclusion that applies (「…规划设计方案的批复」 is a 批复 first).
    let worst: { label: string; w: number } | null = null;
    if (!/《[^》]*(?:办法|规定|细则)[^》]*》/.test(titleCore)) {
      for (const [re, label, w] of TITLE_EXCLUDED) {
        if (ownStrong && w > -4 && label !== '机关工作规则/议事规则') continue;
        if (re.test(titleCore) && (!worst || w < worst.w)) worst = { label, w };
      }
    }
    if (worst) {
      add(`标题属于排除类型：${worst.label}`, worst.w);
    }
    if (f.forwardedAt !== null)
      add('转发其他机关文件的通知：所转发文件的条文和期限不算本文件的', -0.5);
    else if (/(?:转发|印发)[^《]*《/.test(title)) add('印发/转发文件的通知', 0.2);
  }

  // Structure and language.
  if (articles >= 3) add(`按条文（第X条）撰写，共 ${articles} 条`, 1);
  const body = ctx.norm.slice(0, Math.min(ownEnd, 20000));
  let rd = 0;
  const rdNames: string[] = [];
  for (const [re, name] of RIGHTS_DUTIES) {
    if (re.test(body)) {
      rd++;
      rdNames.push(name);
    }
  }
  if (rd >= 2) add(`含权利义务用语：${rdNames.join('、')}`, Math.min(1.2, rd * 0.2));
  // Who issues it: the issuer found, else the body named at the head of the title.
  const who = f.issuer?.value ?? /^(.{2,30}?)(?:关于|印发)/.exec(title)?.[1] ?? '';
  // A short notice: what it does to the public.
  const ownType = /(?:通知|公告|通告|决定|布告)(?:[〔[［]\d{4}[〕\]］])?(?:第?\s*\d+\s*号)?$/.test(
    titleCore.replace(/《[^》]*》/g, ''),
  );
  if (articles < 3 && ownType && level === '其他' && !listing && !aboutDocument) {
    if (!NOT_ADMINISTRATIVE.test(who)) {
      const found: [string, number][] = [];
      const quote = (m: RegExpExecArray) =>
        `「${m[0].length > 24 ? `${m[0].slice(0, 24)}…` : m[0]}」`;
      const ext = EXTENDS_VALIDITY.exec(body);
      if (ext)
        found.push([
          `延长、继续或废止其他文件的效力${quote(ext)}`,
          /有效期|废止|失效|停止/.test(ext[0]) ? 2 : 1,
        ]);
      const fee = BIND_FEE.exec(body);
      if (fee) found.push([`向公民、法人或者其他组织收费${quote(fee)}`, 1]);
      const sanction = BIND_SANCTION.exec(body);
      if (sanction) found.push([`对违反者设定处理、处罚${quote(sanction)}`, 1]);
      const duty = BIND_DUTY.exec(body);
      if (duty) {
        // Rules of conduct set clause after clause (「保险公司不得…」 three times and more) weigh
        // more than one duty in passing.
        const many = countMatches(BIND_DUTY, body.slice(0, 5000), 3) >= 3;
        found.push([
          `对公民、法人或者其他组织设定禁止或义务${quote(duty)}${many ? '等多处' : ''}`,
          many ? 1.5 : 1,
        ]);
      }
      const approval = BIND_APPROVAL.exec(body);
      if (approval && !INTERNAL_APPROVAL.test(approval[0]))
        found.push([`设定审批${quote(/(?:须|必须|应当)[^]*$/.exec(approval[0])!)}`, 1.2]);
      const cond = BIND_CONDITION.exec(body);
      if (cond) found.push([`设定条件或手续${quote(cond)}`, 0.6]);
      if (/通告$/.test(titleCore)) {
        const ban = NOTICE_TITLE_BAN.exec(titleCore.replace(/《[^》]*》/g, ''));
        if (ban) found.push([`通告标题即对公众的禁止或限制「${ban[0]}」`, 1]);
        else if (commandSentences(body) >= 2)
          found.push(['通告在两处以上以「禁止、不得、必须、务必」等公布应当遵守的事项', 1]);
      }
      if (found.length > 0) {
        let total = 0;
        for (const [text, w] of found) {
          const take = Math.min(w, 2.5 - total);
          if (take <= 0) break;
          total += take;
          add(`短文件约束公众：${text}`, take);
        }
        if (ADMINISTRATIVE.test(who)) add(`由行政机关发布（${who}）`, 0.3);
      } else if (WORK_ARRANGEMENT_TITLE.test(titleCore)) {
        add('工作部署类通知，未对公众设定权利义务', -1);
      }
    }
  }
  // Internal documents with articles: the duties fall only on the administration.
  if (
    level === '其他' &&
    (articles >= 3 || TITLE_STRONG.test(titleCore)) &&
    INTERNAL_TOPIC_TITLE.test(titleCore)
  ) {
    const span = body.slice(0, BOUND_SPAN);
    const internal = countMatches(INTERNAL_SUBJECT, span);
    const bound = countMatches(PUBLIC_BOUND, span);
    // The public may be named as beneficiaries (方便群众) or in a list; the duties still fall on
    // the administration when its bodies are named at least three times as often.
    // A short text (or its opening) may name the bodies only once or twice: with no member of
    // the public named at all, that is enough.
    if ((internal >= 3 && bound * 3 <= internal) || (internal >= 1 && bound === 0))
      add(
        '只约束行政机关、其工作人员或使用财政资金的单位，未对公民、法人或者其他组织设定权利义务',
        -3,
      );
  }
  // A party organ or a people's organisation issues alone (every co-issuer is one).
  const issuers = who.split(/[、，,\s]+|(?<=[厅室委部会])(?:和|与)/).filter((x) => x !== '');
  if (level === '其他' && issuers.length > 0 && issuers.every((x) => NON_GOVERNMENT_ISSUER.test(x)))
    add(`发文机关为党的机关或人民团体（${issuers.join('、')}），不是行政机关`, -3);
  if (f.validity) add('载明有效期', 0.5);
  if (f.effective) add('载明施行日期', 0.4);
  for (const [re, text, w] of CONTENT_NEG) if (re.test(body)) add(text, w);
  if (listing) add('页面是搜索结果或文件列表，不是一份文件', -8);
  else if (aboutDocument) add('页面是对文件的解读或报道，不是文件本身', -4);
  else if (!isDocument) add('页面不像一份公文（无文号、无条文、标题不含文种）', -3);

  const sum = reasons.reduce((s, r) => s + r.weight, 0);
  const score = Math.round(squash(sum - 1.5) * 1000) / 1000;
  if (level === '其他' && isDocument && score >= 0.5) level = '行政规范性文件';
  reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const out: Classification = {
    isDocument,
    isDraft: f.isDraft,
    level,
    normative: level === '行政规范性文件',
    score,
    reasons,
  };
  if (fine && coarseLevel(fine.fine) === level)
    out.fineLevel = { level: fine.fine, reason: fine.reason };
  return out;
}
