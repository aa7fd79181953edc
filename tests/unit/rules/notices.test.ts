/**
 * Short notices are documents (issue 14 item 4): a 通知/公告/通告/决定 without 第X条 articles and
 * without a 文号 in the body is classified by what it does. Texts written in the forms real
 * notices take (a validity extension, a fee continued, a restriction with a sanction, a traffic
 * 通告, a tax policy continued, a licence condition) and the non-normative ones that must stay so
 * (a meeting, personnel, a work arrangement, a 批复, news).
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers';

const NORMATIVE: [string, string][] = [
  [
    'a notice extending another document’s validity',
    '青岚市人民政府关于延长《青岚市城市道路停车管理办法》有效期的通知\n各区人民政府，市政府各部门：\n《青岚市城市道路停车管理办法》（青政规〔2021〕3号）有效期将于2026年12月31日届满。经评估，市人民政府决定，该办法有效期延长至2028年12月31日。\n青岚市人民政府\n2026年11月20日',
  ],
  [
    'a notice continuing a fee',
    '河西省发展和改革委员会关于继续执行城镇污水处理费收费标准的通知\n各市发展改革委：\n经研究，现行城镇污水处理费收费标准继续执行至2027年12月31日。居民用户按每立方米0.95元缴纳污水处理费，非居民用户按每立方米1.40元缴纳。\n河西省发展和改革委员会\n2026年6月1日',
  ],
  [
    'a 通告 restricting the public, with a sanction',
    '青岚市人民政府关于禁止燃放烟花爆竹的通告\n为了保障公共安全，根据有关法律法规，现就有关事项通告如下：\n一、本市中心城区范围内，任何单位和个人不得燃放烟花爆竹。\n二、对违反本通告燃放烟花爆竹的，由公安机关依法处罚。\n三、本通告自2026年1月1日起施行。\n青岚市人民政府\n2025年12月1日',
  ],
  [
    'a traffic 通告 on vehicles',
    '溪原县公安局交通警察大队关于城区部分道路限制货车通行的通告\n为缓解城区交通压力，自2026年3月1日起，每日7时至20时，禁止载货汽车驶入环城路以内道路。违者由公安机关交通管理部门依法处罚。\n特此通告。\n溪原县公安局交通警察大队\n2026年2月1日',
  ],
  [
    'a 公告 continuing a tax policy',
    '河西省财政厅　国家税务总局河西省税务局关于延续实施小型微利企业房产税减征政策的公告\n为支持小微企业发展，现将有关政策公告如下：\n对小型微利企业的房产税减半征收政策延续实施至2027年12月31日。纳税人应当按规定办理减免税备案。\n特此公告。\n河西省财政厅\n国家税务总局河西省税务局\n2026年1月5日',
  ],
  [
    'a 公告 that only repeals another document',
    '某某局 某某部公告〔2025〕第4号\n《某某局 某某部关于建立某某工作机制的通知》（某发〔2015〕264号）自本公告发布之日起废止。\n某某局\n某某部\n2025年3月6日',
  ],
  [
    'a ministry’s notice that makes an activity subject to its approval',
    '某某总署关于加强对报纸增出专版管理的通知\n各省、自治区、直辖市新闻出版局：\n一、报纸增出专版须经某某总署批准。经批准增出专版的报社，每季度到当地新闻出版局办理登记手续。\n二、专版的内容必须是广告，不得夹杂新闻。\n某某总署\n2026年3月1日',
  ],
  [
    'a notice setting a condition on the public',
    '银湖市商务局关于规范预付卡经营活动的通知\n各有关企业：\n自2026年5月1日起，在本市发行单用途预付卡的经营者，须取得备案登记后方可发卡，并按规定存管预收资金。对违反本通知的，由市商务局依法处理。\n银湖市商务局\n2026年3月1日',
  ],
  [
    'a 通告 whose prohibition names the public after the verb, with a sanction written 「对…的，…处以…」',
    '溪原县交通运输局关于禁止在公路上晾晒农作物的通告\n为保障公路安全畅通，现通告如下：一、严禁任何单位和个人在公路上晾晒农作物、堆放杂物。二、对擅自在公路上晾晒、堆放物品的，交通执法人员将依照《中华人民共和国公路法》有关规定，责令停止违法行为，并处以五千元以下罚款。特此通告。\n溪原县交通运输局\n2026年6月1日',
  ],
  [
    'a traffic 通告 that restricts by plate number (实施…限行)',
    '溪原县人民政府关于实施机动车限行交通管理措施的通告\n为改善空气质量，县政府决定实施机动车限行交通管理措施，现通告如下：\n一、限行时间：2026年12月5日至12月31日，每日7时至19时。\n二、限行区域内按车牌尾号实行单号单日、双号双日行驶。\n溪原县人民政府\n2026年12月1日',
  ],
  [
    'a 通告 imposing duties on landlords and tenants',
    '青岚市公安局关于加强租赁房屋治安管理的通告\n根据《租赁房屋治安管理规定》，现就有关事项通告如下：\n一、出租人须持房屋所有权证向房屋所在地公安派出所申请登记。\n二、承租人应当持合法有效身份证件办理租赁手续。\n青岚市公安局\n2026年6月6日',
  ],
  [
    'a ministry notice whose importers must obtain an approval from an agency (须向…办理…手续)',
    '某某部关于进口某国水果检疫问题的通知\n各口岸检疫机构：\n现将有关问题通知如下：一、允许进口的仅限某国两个产区生产的苹果。二、进口前，进口单位须向某某检疫总所办理检疫审批手续，从指定口岸入境。\n某某部\n1994年3月1日',
  ],
  [
    'a 通告 whose own title bans something, the sanction only announced (「均视为…进行处罚」)',
    '某县人民政府关于严禁连翘抢青采收的通告\n为规范采收秩序，现通告如下：\n一、全县连翘采摘时间从7月25日开始，在此之前的一切采摘、收购行为，均视为抢青采收，将按照有关法律法规进行处罚。\n二、各乡镇人民政府负责辖区内管控工作。\n某县人民政府\n2023年7月1日',
  ],
  [
    'a 通告 giving commands to businesses it names by trade (砂场), not as 单位和个人',
    '某县人民政府关于加强河道砂场管理的通告\n为保障防洪安全，根据《中华人民共和国防洪法》，现通告如下：\n一、自2018年6月15日起至10月15日，河道所有砂场立即停止采砂作业，将采砂设备撤离河道。\n二、各采砂场务必于7月5日前全面清除河道堆砂。\n三、县水务局等部门依法查处无证采砂行为。\n某县人民政府\n2018年6月14日',
  ],
  [
    'a supplementary notice to agencies whose rules fall on buyers of homes (受让人须补交)',
    '关于某某机关住宅专项维修资金交存有关问题的补充通知\n某机房改〔2011〕236号\n某某机关各部门、各单位：\n现就职工住宅配售过程中住宅专项维修资金交存有关问题通知如下：\n一、首期住宅专项维修资金按照规定的交存标准交存。\n二、分户账结余资金低于首期交存标准的，受让人须补交不足部分。\n特此通知。\n2011年11月4日',
  ],
  [
    'a 「做好…工作的通知」 whose duties fall on banks clause after clause (商业银行应按…报送)',
    '某银行办公厅关于做好个人住房贷款相关信息归集工作的通知\n某银办发〔2019〕71号\n各商业银行：\n现就信息归集有关事项通知如下：\n一、商业银行应按照本通知规定的数据项，于每月5日前向征信系统报送个人住房贷款信息。\n二、商业银行应在贷款合同中告知借款人信息报送事项。\n三、商业银行应于2019年4月30日前完成历史数据补报。\n某银行办公厅\n2019年3月29日',
  ],
];

const NOT_NORMATIVE: [string, string][] = [
  [
    'a meeting notice',
    '青岚市人民政府办公室关于召开2026年全市安全生产工作会议的通知\n各区人民政府，市政府各部门：\n市政府定于2026年1月10日上午9时召开全市安全生产工作会议。请各单位主要负责人准时参加，不得缺席。\n青岚市人民政府办公室\n2026年1月5日',
  ],
  [
    'a personnel notice',
    '青岚市人民政府关于张某某同志职务任免的通知\n各区人民政府，市政府各部门：\n经研究决定：任命张某某为青岚市交通运输局局长；免去李某某的青岚市交通运输局局长职务。\n青岚市人民政府\n2026年1月5日',
  ],
  [
    'a work arrangement to subordinate bodies',
    '青岚市应急管理局关于做好2026年元旦春节期间安全生产工作的通知\n各区应急管理局：\n为做好节日期间安全生产工作，现将有关事项通知如下：一、各区要加强组织领导，落实值班制度。二、开展隐患排查，及时报送情况。\n青岚市应急管理局\n2025年12月20日',
  ],
  [
    'a government’s own 工作规则 (its title ends in 规则)',
    '溪原县人民政府工作规则\n溪政发〔2024〕7号\n第一章　总则\n一、根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》，结合本县实际，制定本规则。\n二、县政府组成人员要严格遵守本规则，不得违反工作纪律。\n第二章　组成人员和职能\n三、县政府由县长、副县长和各工作部门主要负责人组成。',
  ],
  [
    'a 批复',
    '青岚市人民政府关于同意设立青岚经济开发区的批复\n青岚市发展和改革委员会：\n你委《关于设立青岚经济开发区的请示》收悉。经研究，同意设立。\n青岚市人民政府\n2026年1月5日',
  ],
  [
    'a meeting notice whose members may not be absent',
    '关于召开某某市政协常务委员会会议的通知\n各位常委：\n经研究，定于2026年1月10日召开常务委员会会议。请各位常委准时出席，不得请假；参会人员须于上午8时30分前报到。\n政协某某市委员会办公室\n2026年1月5日',
  ],
  [
    'a 通告 that only informs (a water cut): nothing to obey',
    '某市自来水公司关于临时停水的通告\n因管网改造施工，定于2026年3月5日8时至18时对城东片区暂停供水，请广大用户提前做好储水准备。给您带来的不便，敬请谅解。\n某市自来水公司\n2026年3月1日',
  ],
  [
    'a 通告 of an examination’s timetable, one 不得 on candidates',
    '某市教育考试院关于2026年成人高考报名的通告\n2026年成人高考网上报名时间为9月1日至9月10日，请考生按时登录报名系统填报信息，逾期不得补报。\n某市教育考试院\n2026年8月20日',
  ],
  [
    'news about a notice',
    '我市出台《青岚市城市道路停车管理办法》\n近日，市政府印发通知，明确停车费按每小时3元收取，对违反规定的车辆依法处罚。\n来源：青岚日报',
  ],
];

describe('short notices are classified by what they do', () => {
  it.each(NORMATIVE)('%s is a normative document and is reviewed', (_what, text) => {
    const r = run(text);
    expect(r.classification.level).toBe('行政规范性文件');
    expect(r.classification.normative).toBe(true);
    // The reasons say what binds the public.
    expect(r.classification.reasons.some((x) => x.text.startsWith('短文件约束公众'))).toBe(true);
  });

  it.each(NOT_NORMATIVE)('%s stays non-normative', (_what, text) => {
    const c = run(text).classification;
    expect(c.normative).toBe(false);
  });

  it('a 通告 that has the authorities clear what owners leave is checked for 行政强制 (NB-QZ)', () => {
    const r = run(
      '关于严禁在县城区种植农作物的通告\n为创建整洁有序的城市环境，决定对县城区河岸、路边闲置地种植的农作物进行统一清理，清理后严禁种植农作物，请各种植户在本通告发布之日起至11月10日期间自行清理，逾期不清理的，由有关部门强行清理。\n特此通告。\n某县城市管理局\n2026年10月23日',
    );
    expect(r.classification.normative).toBe(true);
    expect(r.findings.find((f) => f.ruleId === 'national/NB-QZ')?.severity).toBe('error');
  });

  it('a fee in a notice is checked like any normative document’s', () => {
    const r = run(
      '青岚市城市管理局关于收取占道经营管理费的通知\n各经营户：\n自2026年3月1日起，在夜市摊区经营的经营者应当按每月300元缴纳占道经营管理费。对违反本通知的，由城市管理部门依法处理。\n青岚市城市管理局\n2026年2月1日',
    );
    expect(r.classification.normative).toBe(true);
    const ids = r.findings.map((f) => f.ruleId.split('/')[1]);
    expect(ids).toContain('NB-SF');
  });
});

/**
 * A 行政规范性文件 is made by an administrative body or an organisation a law or regulation
 * empowers (国办发〔2018〕37号 一、(一)): a party organ's or a people's organisation's own rules
 * are not, whatever their form; a joint issue with a government office is still judged on what
 * it does.
 */
describe('issuers that are not administrative bodies', () => {
  const RULES =
    '\n第一条　为推进基层组织建设，制定本办法。\n第二条　申报单位应当具备下列条件。\n第三条　本办法自印发之日起施行。';
  it.each([
    ['共青团中央办公厅', '共青团中央办公厅关于印发《青年之家建设先进县创建办法》的通知'],
    ['中共某市委办公室', '中共某市委办公室关于印发《某市基层党组织星级评定办法》的通知'],
    ['某省妇女联合会', '某省妇女联合会关于印发《巾帼文明岗评选管理办法》的通知'],
    ['某市总工会', '某市总工会关于印发《职工疗休养管理办法》的通知'],
  ])('%s issuing alone: not a 行政规范性文件', (issuer, title) => {
    const c = run(`${title}${RULES}\n${issuer}\n2026年3月1日`).classification;
    expect(c.level).toBe('其他');
    expect(c.reasons.some((x) => x.text.startsWith('发文机关为党的机关或人民团体'))).toBe(true);
  });

  it('a joint issue of a party office and a government office is judged on what it does', () => {
    const c = run(
      '中共某市委办公室　某市人民政府办公室关于印发《某市农村宅基地管理办法》的通知' +
        RULES +
        '\n中共某市委办公室　某市人民政府办公室\n2026年3月1日',
    ).classification;
    expect(c.reasons.some((x) => x.text.startsWith('发文机关为党的机关或人民团体'))).toBe(false);
    expect(c.level).toBe('行政规范性文件');
  });
});
