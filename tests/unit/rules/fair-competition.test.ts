/**
 * The 公平竞争审查 pack (seeds/packs/fair-competition.json): every standard of 公平竞争审查条例
 * 第八条至第十一条 catches the wordings real policy measures use and leaves the negated,
 * prohibiting and open-criteria wordings alone; a 第十二条 exception with its reason lowers a
 * hit to 提示 (待核实) without erasing it; the 实施办法 第二条 domains decide whether a text
 * concerns business activity at all.
 */
import { describe, expect, it } from 'vitest';
import { compilePacks } from '../../../rules/engine';
import { seedPacks, shippedPatterns } from '../../../rules/seeds';
import { validatePack, validatePackSet } from '../../../rules/validate';
import fairCompetition from '../../../seeds/packs/fair-competition.json';
import { run } from './helpers';

/** A short measure with the clause under test as its second article. */
function measure(clause: string): string {
  return [
    '某县人民政府关于促进民营经济高质量发展的若干措施',
    '某政发〔2026〕3号',
    '各乡镇人民政府，县政府各部门：',
    '第一条 为优化营商环境，促进全县经济高质量发展，结合本县实际，制定本措施。',
    `第二条 ${clause}`,
    '第三条 本措施自2026年12月1日起施行，有效期3年。',
    '某县人民政府',
    '2026年11月1日',
  ].join('\n');
}

/** Bare ids of the 公平竞争 findings that are not 提示. */
function competitionHits(text: string): string[] {
  return run(text)
    .findings.filter((f) => f.category === '公平竞争' && f.severity !== 'info')
    .map((f) => f.ruleId.split('/')[1]!);
}

type Case = [rule: string, clause: string];

// At least three wordings that must be caught and two that must not, for every standard.
const POSITIVE: Case[] = [
  // 第八条（一）审批程序
  ['FC-8-1', '新能源汽车充电设施运营企业经县商务局审核同意后方可进入本县市场。'],
  ['FC-8-1', '未经县住建局备案的外卖配送企业不得在本县开展经营。'],
  ['FC-8-1', '对共享单车投放实行市场准入审批制度。'],
  // 第八条（二）特许经营
  ['FC-8-2', '授予县公交集团全县公交线路特许经营权，期限30年。'],
  ['FC-8-2', '城区户外广告位由县文旅公司独家经营。'],
  ['FC-8-2', '确定县城投公司作为全县充电基础设施唯一投资主体。'],
  // 第八条（三）限定交易（指定企业）
  ['FC-8-3', '全县新能源汽车充电设施由县城市建设投资有限公司统一负责建设和运营。'],
  ['FC-8-3', '各学校校服统一向某某服饰有限公司订购。'],
  ['FC-8-3', '指定县融媒体中心下属的某某传媒有限公司为全县政务新媒体运维单位。'],
  ['FC-8-3', '建设单位必须使用县建材集团有限公司生产的商品混凝土。'],
  ['FC-8-3', '农村危房改造项目所需建材须从指定供应商处采购。'],
  ['FC-8-3', '纳入县级供应商名录库的企业方可承接本县小型工程。'],
  // 第八条（四）不合理或者歧视性的准入、退出条件
  ['FC-8-4', '享受本措施奖励的企业须承诺10年内不迁出本县。'],
  ['FC-8-4', '企业注册地、税务登记地在奖励期满前不得迁出本县，迁出的追回已兑现的奖励资金。'],
  ['FC-8-4', '注册资本在5000万元以上的企业方可参与本县城市更新项目。'],
  ['FC-8-4', '本县保障性住房代建业务仅限国有企业承接。'],
  // 第九条（一）外地商品进入
  ['FC-9-1', '政府投资项目优先采购本地企业生产的建材产品。'],
  ['FC-9-1', '全县农贸市场禁止外地生猪产品进入销售。'],
  ['FC-9-1', '各医疗机构应当使用本市生产的医用耗材。'],
  // 第九条（二）分支机构、本地投资
  ['FC-9-2', '农民工工资保证金经办银行须在本市设立分支机构。'],
  ['FC-9-2', '参与本县物业服务的企业应当在本县注册成立独立法人公司。'],
  ['FC-9-2', '未在本县设立分公司的检测机构不得承接本县检测业务。'],
  // 第九条（三）政府采购、招标投标
  ['FC-9-3', '投标人须为本县注册企业。'],
  ['FC-9-3', '本地企业参与政府采购的，给予10%的价格扣除。'],
  ['FC-9-3', '县级小额工程项目限定本县施工企业参与投标。'],
  ['FC-9-3', '外地投标人在评标中扣减5分。'],
  // 第九条（四）歧视性收费、价格、补贴
  ['FC-9-4', '对非本地注册的服务公司不进行奖励。'],
  ['FC-9-4', '外地车辆进入本县砂石料场的，每车加收管理费200元。'],
  ['FC-9-4', '外地企业生产的新能源汽车不享受本县购车补贴。'],
  // 第九条（五）资质标准、监管执法
  ['FC-9-5', '外地施工企业进入本县承揽工程的，须到县住建局登记备案。'],
  ['FC-9-5', '外地产品进入本县市场须另行检测。'],
  ['FC-9-5', '对外地运输车辆提高检查频次。'],
  // 第十条（一）税收优惠
  ['FC-10-1', '按企业缴纳增值税地方留成部分的50%给予奖励。'],
  ['FC-10-1', '对新落户的总部企业实行税收返还。'],
  ['FC-10-1', '对个体工商户转为企业的，自转型当月起减免6个月税费。'],
  // 第十条（二）选择性、差异化的财政奖励或者补贴
  ['FC-10-2', '对某某新能源科技有限公司给予200万元设备补贴。'],
  ['FC-10-2', '经县政府研究，给予汀江某某建材有限公司技改补贴300万元。'],
  ['FC-10-2', '对重大招商项目实行一企一策。'],
  ['FC-10-2', '企业将注册地迁入本县的，给予100万元奖励。'],
  ['FC-10-2', '新引进企业纳入本区统计后，按其当年营业收入给予最高100万元补助。'],
  ['FC-10-2', '对县公交公司给予每年500万元运营补贴。'],
  // 第十条（三）要素、收费、基金、社保费优惠
  ['FC-10-3', '对该项目免收城市基础设施配套费。'],
  ['FC-10-3', '对引进的龙头企业实行零地价供地。'],
  ['FC-10-3', '对签约企业的社会保险费单位缴费部分予以返还。'],
  // 第十一条（一）垄断行为
  ['FC-11-1', '由县商务局组织全县砂石企业统一销售价格。'],
  ['FC-11-1', '各燃气企业按乡镇划分经营区域，不得跨区供气。'],
  ['FC-11-1', '引导驾校协会会员单位协商统一培训收费。'],
  // 第十一条（二）政府定价、优惠价格
  ['FC-11-2', '城区公共停车场收费标准为每小时3元。'],
  ['FC-11-2', '对落户园区的数据中心执行0.3元每千瓦时的优惠电价。'],
  ['FC-11-2', '县城自来水实行政府定价，价格为每吨2.5元。'],
  // 第十一条（三）市场调节价
  ['FC-11-3', '各农贸市场经营户不得擅自涨价。'],
  ['FC-11-3', '新建商品住房销售价格涨幅控制在5%以内。'],
  ['FC-11-3', '由行业协会统一规定餐饮服务价格。'],
];

const NEGATIVE: Case[] = [
  ['FC-8-1', '市场准入负面清单以外的行业、领域、业务，各类经营主体皆可依法平等进入。'],
  ['FC-8-1', '不得对市场准入负面清单以外的行业违法设置审批程序。'],
  ['FC-8-2', '特许经营者通过公开招标方式确定。'],
  ['FC-8-2', '不得违法授予特许经营权。'],
  ['FC-8-3', '鼓励各类企业参与充电设施建设。'],
  ['FC-8-3', '项目建成后由中标公司负责日常维护。'],
  ['FC-8-3', '不得限定或者变相限定购买、使用特定经营者提供的商品。'],
  ['FC-8-3', '依照《中华人民共和国公司法》有关规定办理。'],
  ['FC-8-4', '支持企业依法自主决定迁移。'],
  ['FC-8-4', '对各类所有制企业一视同仁、平等对待。'],
  ['FC-9-1', '不得限制外地商品进入本地市场。'],
  ['FC-9-1', '鼓励市民选购绿色产品。'],
  ['FC-9-2', '不得强制外地经营者在本地设立分支机构。'],
  ['FC-9-2', '企业应当在本县设立的服务热线上公布投诉方式。'],
  ['FC-9-3', '不得排斥外地经营者参与投标。'],
  ['FC-9-3', '对符合条件的小微企业给予10%的价格扣除。'],
  ['FC-9-4', '对本地和外地企业执行统一的补贴标准。'],
  ['FC-9-4', '严禁对外地商品设置歧视性收费项目。'],
  ['FC-9-5', '对外地企业和本地企业实行统一的监管标准。'],
  ['FC-9-5', '不得对外地经营者设置歧视性的资质要求。'],
  ['FC-10-1', '对列入国家鼓励类目录的企业，按照国家规定享受税收优惠。'],
  ['FC-10-1', '不得给予特定经营者税收优惠。'],
  ['FC-10-2', '对新认定的国家级专精特新企业给予奖励。'],
  ['FC-10-2', '对年营业收入首次突破1亿元的企业给予20万元奖励。'],
  ['FC-10-2', '不得给予特定经营者选择性、差异化的财政奖励或者补贴。'],
  // The territory of a local measure is not a condition against outside operators: 第十条（二）
  // is about 特定经营者 (selected, differentiated) and 第九条 about discriminating against
  // outside ones; a reward open to every enterprise registered here — which any operator may
  // become — is neither. Making local registration the price of a reward (才能/方可享受, 迁入)
  // stays a finding (see REAL below and the 迁入 case above).
  ['FC-10-2', '对在本县注册的企业给予50万元一次性奖励。'],
  // A kind of company, not a named one.
  ['FC-10-2', '对首次在境内外上市的公司给予一次性奖励100万元。'],
  ['FC-10-2', '对新上市公司给予一次性奖励100万元。'],
  ['FC-10-2', '对注册资本1亿元以上的有限公司给予50万元奖励。'],
  ['FC-10-3', '行政事业性收费按照国家规定的项目和标准收取。'],
  ['FC-10-3', '用地按照国有建设用地使用权出让的规定公开出让。'],
  ['FC-11-1', '支持行业协会加强自律。'],
  ['FC-11-1', '不得组织经营者达成垄断协议。'],
  ['FC-11-2', '停车收费标准由县发展改革部门依法核定。'],
  ['FC-11-2', '经营者应当明码标价。'],
  ['FC-11-3', '严禁哄抬价格。'],
  ['FC-11-3', '商品价格由经营者依法自主制定。'],
];

describe('the 公平竞争审查 pack', () => {
  it('validates on its own and with the seed packs, and every rule quotes its article and says what to do', () => {
    // As the storage validates seeds: the shipped patterns are timed by the tests, not held to
    // the step budget of packs from elsewhere (rules/regex.ts).
    const trusted = shippedPatterns();
    expect(validatePack(fairCompetition, { trusted })).toMatchObject({ ok: true });
    expect(validatePackSet(seedPacks, { trusted })).toMatchObject({ ok: true });
    for (const r of fairCompetition.rules) {
      expect(r.basis, r.id).toMatch(
        /《公平竞争审查条例(?:实施办法)?》.*第[一二三四五六七八九十]+条/,
      );
      expect(r.suggestion, r.id).toBeTruthy();
    }
    // Every standard of 第八条至第十一条 has a rule and a checklist item.
    const standards = fairCompetition.rules.map((r) => r.id).filter((id) => /^FC-\d/.test(id));
    expect(standards.length).toBeGreaterThanOrEqual(15);
    for (const id of standards)
      expect(
        fairCompetition.checklist.some((c) => c.rules.includes(id)),
        id,
      ).toBe(true);
  });

  it('is on by default: the national layer and every local layer run it', () => {
    for (const layer of ['national', 'common-local', 'lanzhou', 'guangzhou']) {
      const c = compilePacks(seedPacks, [layer]);
      expect(c.packs.map((p) => p.id)).toContain('fair-competition');
      expect(c.rules.some((r) => r.qualifiedId === 'fair-competition/FC-8-3')).toBe(true);
    }
  });

  it.each(POSITIVE)('%s catches 「%s」', (rule, clause) => {
    expect(competitionHits(measure(clause))).toContain(rule);
  });

  it.each(NEGATIVE)('%s leaves 「%s」 alone', (rule, clause) => {
    expect(competitionHits(measure(clause))).not.toContain(rule);
  });

  it('has at least three positive and two negative wordings for every standard', () => {
    const standards = fairCompetition.rules.map((r) => r.id).filter((id) => /^FC-\d/.test(id));
    for (const id of standards) {
      expect(POSITIVE.filter(([r]) => r === id).length, id).toBeGreaterThanOrEqual(3);
      expect(NEGATIVE.filter(([r]) => r === id).length, id).toBeGreaterThanOrEqual(2);
    }
  });

  it('carries the rule suggestion into the finding', () => {
    const f = run(measure('由县城市建设投资有限公司统一负责全县充电设施建设。')).findings.find(
      (x) => x.ruleId === 'fair-competition/FC-8-3',
    );
    expect(f?.suggestion).toBe(
      '删除指定的企业名称，改为面向所有符合条件的经营者，通过公开、公平的方式选择',
    );
  });
});

/**
 * Wordings of real measures that were found to break the standards and corrected, as the
 * authorities published them in their typical-case reports (公平竞争审查典型案例), quoted as
 * reprinted: 无锡市 (2025, 江苏), 海西州市场监督管理局 (青海), 国务院办公厅督查 (湖北省黄石等5市,
 * 江西省石城县). Only the clauses are used; the documents' names were not published.
 */
const REAL: Case[] = [
  [
    'FC-8-4',
    '企业在享受奖励政策前，须对本企业在上市成功后5年内注册地不迁出我县向县政府作出书面承诺，如违反承诺，收（扣）回已兑现的奖励资金。',
  ],
  [
    'FC-9-4',
    '项目奖励金额按照合同能源管理项目中企业和服务公司的投资比例实行分配，其中对非本地注册的服务公司不进行奖励。',
  ],
  [
    'FC-10-1',
    '对年经营收入达到200万元以上的个体经营户申请注册为企业法人的，及时列入本地纳统范围，并自变更为企业法人的当月起给予6个月的税费减免优惠。',
  ],
  ['FC-10-2', '在本县注册的企业才能享受奖励。'],
  ['FC-9-2', '农民工工资保证金经办机构须在本地设立分支机构。'],
  ['FC-8-3', '以特许建设经营方式，确定县城投公司作为充电基础设施建设投资主体。'],
  // 市场监管总局通报2022年公平竞争审查督查整改案例 (published 2023-09-20; reprinted by
  // 无锡市行政审批局 xzfw.wuxi.gov.cn/doc/2024/01/02/4117571.shtml and 北京青年报): 福建省南平市
  // 延平区 (奖励 to the 保温产业平台管理公司) and 北京市顺义区 (补贴 clawed back on moving out).
  [
    'FC-10-2',
    '对保温产业平台管理公司（即某保温产业发展服务有限公司）给予产业发展资金奖励，每得1分奖励1万元。',
  ],
  ['FC-8-4', '获得补贴支持的企业，自补贴资金到账之日起5年内迁出顺义区的，须全额退还补贴资金。'],
];

describe('real wordings from published cases', () => {
  it.each(REAL)('%s catches 「%s」', (rule, clause) => {
    expect(competitionHits(measure(clause))).toContain(rule);
  });
});

describe('第十二条 exceptions', () => {
  const claim =
    '本措施具有排除、限制竞争效果，但为实现节约能源、保护环境等社会公共利益，经评估没有对公平竞争影响更小的替代方案，实施期限至2028年12月31日。';
  const hit = '对某某新能源科技有限公司给予200万元设备补贴。';

  it('a stated exception with its reason lowers a hit to 提示 with a note, and does not erase it', () => {
    const r = run(measure(hit + claim));
    const f = r.findings.find((x) => x.ruleId === 'fair-competition/FC-10-2');
    expect(f?.severity).toBe('info');
    expect(f?.message).toContain('第十二条例外（节约能源）');
    expect(f?.message).toContain('由审查人核实');
    const ex = r.findings.find((x) => x.ruleId === 'fair-competition/FC-EXCEPTION');
    expect(ex?.severity).toBe('info');
  });

  it('an exception claimed without a reason lowers nothing and is reported with what is missing', () => {
    const r = run(measure(hit + '本措施适用公平竞争审查例外规定。'));
    expect(r.findings.find((x) => x.ruleId === 'fair-competition/FC-10-2')?.severity).toBe(
      'warning',
    );
    const ex = r.findings.find((x) => x.ruleId === 'fair-competition/FC-EXCEPTION');
    expect(ex?.severity).toBe('warning');
    expect(ex?.message).toContain('未写明属于第十二条所列哪种情形');
    expect(ex?.message).toContain('未说明没有对公平竞争影响更小的替代方案');
    expect(ex?.message).toContain('未确定合理的实施期限或者终止条件');
  });

  it('a reason without an alternative or a period is reported, the hit is still lowered', () => {
    const r = run(
      measure(hit + '本措施具有排除、限制竞争效果，但属于为维护国家安全和发展利益的情形。'),
    );
    const ex = r.findings.find((x) => x.ruleId === 'fair-competition/FC-EXCEPTION');
    expect(ex?.message).toContain('未说明没有对公平竞争影响更小的替代方案');
    expect(ex?.message).not.toContain('哪种情形');
  });

  it('「不具有排除、限制竞争效果」 is a review conclusion, not a claim', () => {
    const r = run(measure(hit + '经公平竞争审查，本措施不具有排除、限制竞争效果。'));
    expect(r.findings.some((x) => x.ruleId === 'fair-competition/FC-EXCEPTION')).toBe(false);
    expect(r.findings.find((x) => x.ruleId === 'fair-competition/FC-10-2')?.severity).toBe(
      'warning',
    );
  });
});

describe('does the text concern business activity (实施办法 第二条)', () => {
  it.each([
    ['招商引资', '对新引进的总部企业落户本县的，给予一次性奖励。'],
    ['政府采购', '采购人应当公平对待所有供应商。'],
    ['招标投标', '依法必须招标的项目，招标人不得排斥潜在投标人。'],
    ['资质标准', '企业入库条件由县住建局另行公布。'],
  ])('names %s for 「%s」', (domain, clause) => {
    const f = run(measure(clause)).findings.find((x) => x.ruleId === 'fair-competition/FC-SCOPE');
    expect(f?.severity).toBe('info');
    expect(f?.message).toContain(domain);
  });

  it.each(['犬只饲养人应当为犬只办理免疫登记。', '各乡镇应当做好森林防火宣传工作。'])(
    'says nothing for 「%s」',
    (clause) => {
      expect(
        run(measure(clause)).findings.some((x) => x.ruleId === 'fair-competition/FC-SCOPE'),
      ).toBe(false);
    },
  );
});

describe('bad packs', () => {
  it('refuses a standard without triggers and a scope check without domains, with the path', () => {
    const bad = {
      ...fairCompetition,
      rules: [
        { ...fairCompetition.rules[2]!, options: { check: 'standard' } },
        { ...fairCompetition.rules[0]!, options: { check: 'scope' } },
      ],
      checklist: [],
    };
    const v = validatePack(bad);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors.map((e) => e.message).join('\n')).toContain('公平竞争审查标准须列出触发词');
      expect(v.errors.map((e) => e.message).join('\n')).toContain('第二条的领域');
    }
  });

  it('refuses an exception parameter that is not a list of safe patterns', () => {
    const bad = structuredClone(fairCompetition) as unknown as {
      params: Record<string, { value: unknown; basis: string }>;
    };
    bad.params['competition.exception.reasons']!.value = ['(a+)+$'];
    const v = validatePack(bad);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]!.message).toContain('competition.exception.reasons');
  });
});
