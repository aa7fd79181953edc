/**
 * The level from how a text is issued (issue 14 item 1) and the rules each level gets (item 3).
 *
 * Texts are written in the forms real ones take; those marked 「据」 follow a real published text
 * (its header as printed, the body shortened):
 * - 河北省人工影响天气管理规定 (「政府令〔2010〕第15号」 without the government's name), as
 *   reprinted at http://law582.infoeach.com/view-NTgyfDExNjk4Mg==.html
 * - 内蒙古自治区村庄和集镇规划建设管理实施办法 (「内蒙古自治区人民政府令」 over 「第82号」), as
 *   reprinted at http://law540.infoeach.com/view-NTQwfDQyMDE3.html
 * - 中华人民共和国货物进出口管理条例 (the issuance line 「（2001年10月31日国务院第46次常务会议通过
 *   2001年12月10日中华人民共和国国务院令第332号公布 自2002年1月1日起施行）」), as printed at
 *   https://www.ccgp-neimenggu.gov.cn/docs/中华人民共和国货物进出口管理条例
 */
import { describe, expect, it } from 'vitest';
import { check, compilePacks } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { validatePack } from '../../../rules/validate';
import { onePack, run } from './helpers';

const BODY =
  '第一条　为了加强管理，根据《中华人民共和国某某法》，制定本办法。\n' +
  '第二条　违反本办法规定的，由主管部门责令改正，处一千元以上一万元以下罚款；情节严重的，没收违法所得。\n' +
  '第三条　本办法自2026年3月1日起施行。';
const ORDER_PAGE = (order: string, title = '某某管理办法', by = '部务会议') =>
  `${order}\n《${title}》已经2025年12月1日${by}审议通过，现予公布，自2026年3月1日起施行。\n部长　某某\n2025年12月10日\n${title}\n${BODY}`;

describe('the level from how a text is issued', () => {
  it.each([
    // 部门规章: the 令 of a ministry, commission, 总局, 署, 局, 行 or 办, every form.
    ['a ministry order on one line', ORDER_PAGE('生态环境部令第12号'), '部门规章'],
    ['a ministry order on two lines', ORDER_PAGE('中华人民共和国生态环境部令\n第12号'), '部门规章'],
    [
      'an administration (局) order',
      ORDER_PAGE('国家林业和草原局令\n第5号', '某某办法', '局务会议'),
      '部门规章',
    ],
    [
      'a bank order whose number a PDF conversion lost (the 令 sentence signed by the head)',
      '某某业务管理规定\nm2004 〕\n1 号\n中国人民银行令第为促进市场发展中国人民银行制定了《某某业务管理规定》第行长办公会议通过现予公布日起施行。行长某某年四月十二日某某业务管理规定\n' +
        BODY,
      '部门规章',
    ],
    [
      'a bank order with a bracketed year before the serial',
      ORDER_PAGE('中国人民银行令〔2021〕第3号', '某某规定', '行务会议'),
      '部门规章',
    ],
    [
      'a commission order with the year written out (「2019年第1号」)',
      ORDER_PAGE('国家发展和改革委员会令\n2019年第29号', '某某规定', '委务会议'),
      '部门规章',
    ],
    [
      'a joint order: each body on its line above 「令」',
      ORDER_PAGE('中华人民共和国商务部\n中华人民共和国海关总署\n令\n2019年第1号'),
      '部门规章',
    ],
    ['a 总署 order', ORDER_PAGE('海关总署令第240号', '某某办法', '署务会议'), '部门规章'],
    // 地方政府规章.
    [
      'a city government order without 第 (「…人民政府令45号」)',
      ORDER_PAGE('青岚市人民政府令45号', '青岚市某某办法', '市人民政府常务会议'),
      '地方政府规章',
    ],
    [
      'a province order on two lines with a bracketed year',
      ORDER_PAGE('河西省人民政府令\n〔2021〕第3号', '河西省某某规定', '省人民政府常务会议'),
      '地方政府规章',
    ],
    [
      '据 河北: 「政府令〔2010〕第15号」 without the name',
      '河北省人工影响天气管理规定\n河北省人民政府\n河北省人工影响天气管理规定\n政府令〔2010〕第15号\n《河北省人工影响天气管理规定》已经2010年12月14日省政府第76次常务会议通过，现予公布，自2011年2月1日起施行。\n省长\n二○一○年十二月二十五日\n河北省人工影响天气管理规定\n第一章　总则\n第一条　为加强对人工影响天气工作的管理，防御和减轻气象灾害，根据国务院《人工影响天气管理条例》，结合本省实际，制定本规定。\n第二条　在本省行政区域内从事和管理人工影响天气活动，应当遵守本规定。',
      '地方政府规章',
    ],
    [
      '据 内蒙古: 「…自治区人民政府令」 over 「第82号」',
      '内蒙古自治区村庄和集镇规划建设管理实施办法\n内蒙古自治区人民政府令\n第82号\n《内蒙古自治区村庄和集镇规划建设管理实施办法》已经自治区人民政府1997年第六次常务会议通过，现予发布施行。\n自治区主席　某某\n1997年7月23日\n第一章　总　则\n第一条　根据《村庄和集镇规划建设管理条例》，结合自治区实际，制定本实施办法。\n第二条　自治区内制定和实施村庄、集镇规划，必须遵守本实施办法。',
      '地方政府规章',
    ],
    [
      'the order only in the history line under the title',
      '青岚市城市绿化管理办法\n（2010年5月1日青岚市人民政府令第45号公布，根据2018年6月1日青岚市人民政府令第120号修订）\n' +
        BODY,
      '地方政府规章',
    ],
    [
      'a history line with Chinese-numeral dates',
      '河西省某某规定\n（二〇一五年三月二日河西省人民政府令第201号公布　自二〇一五年五月一日起施行）\n' +
        BODY,
      '地方政府规章',
    ],
    [
      'the order only in the metadata 发文字号',
      '发文字号：国家市场监督管理总局令第88号\n某某监督管理办法\n' + BODY,
      '部门规章',
    ],
    [
      'a government’s abbreviated order (「渝府令第 121 号」) over a 通告 published by order',
      '某市人民政府关于控制城区扬尘污染的通告\n某市人民政府\n渝府令第 121 号\n《某市人民政府关于控制城区扬尘污染的通告》已经2001年12月13日市人民政府第97次常务会议审议通过，现予发布，自2002年1月1日起施行。\n市　长\n二○○一年十二月三十日\n第一条　为了控制扬尘污染，制定本通告。\n第二条　违反本通告的，由环境保护部门处一千元罚款。',
      '地方政府规章',
    ],
    [
      'the serial in brackets under 「…人民政府令」',
      '河西省农村养老保险规定\n河西省人民政府令\n (第75号)\n《河西省农村养老保险规定》已经1995年9月11日省人民政府第86次常务会议通过，现予发布施行。\n省长　某某\n一九九五年十一月十三日\n' +
        BODY,
      '地方政府规章',
    ],
    [
      'a government’s name over 「第63号」 over 「…现予发布施行」, without 令',
      '青岚市体育市场管理规定\n河西省青岚市人民政府\n第63号\n《青岚市体育市场管理规定》业经1997年9月4日市人民政府第九次常务会议讨论通过，现予发布施行。\n市长：某某\n一九九七年九月十七日\n' +
        BODY,
      '地方政府规章',
    ],
    [
      'a joint order of a bank and a 证监会 in the title',
      '中国人民银行 中国证监会令〔2025〕第7号（某某监督管理办法）\n《某某监督管理办法》已经2025年5月23日中国人民银行第9次行务会议审议通过，现予公布，自2025年10月1日起施行。\n某某监督管理办法\n' +
        BODY,
      '部门规章',
    ],
    // 修改/废止 decisions: the level of what they amend.
    [
      'a government’s decision amending a 办法',
      '青岚市人民政府关于修改《青岚市城市绿化管理办法》的决定\n市人民政府决定对《青岚市城市绿化管理办法》作如下修改：\n一、将第十条中的「二年」修改为「一年」。\n本决定自2026年3月1日起施行。',
      '地方政府规章',
    ],
    [
      'a ministry’s decision repealing some 规章',
      '交通运输部关于废止部分规章的决定\n经研究，交通运输部决定废止以下规章：\n一、某某管理规定。\n二、某某办法。\n本决定自公布之日起施行。',
      '部门规章',
    ],
    [
      'the State Council amending 行政法规',
      '国务院关于修改和废止部分行政法规的决定\n为了全面推进依法行政，国务院对有关行政法规进行了清理。\n一、对某某条例作出修改。\n本决定自公布之日起施行。',
      '行政法规',
    ],
    // 行政法规.
    [
      'a 国务院令 with a title in 办法',
      '某某资源转让管理办法\n1998年2月12日 中华人民共和国国务院令第242号发布\n' + BODY,
      '行政法规',
    ],
    [
      '据 货物进出口管理条例: the issuance line in brackets',
      '中华人民共和国货物进出口管理条例\n（2001年10月31日国务院第46次常务会议通过　2001年12月10日中华人民共和国国务院令第332号公布　自2002年1月1日起施行）\n第一章　总则\n第一条　为了规范货物进出口管理，维护货物进出口秩序，根据《中华人民共和国对外贸易法》，制定本条例。',
      '行政法规',
    ],
    [
      'a 规定 approved by the 国务院 and issued by a department',
      '某某违法行为处罚规定\n1999年7月10日 国务院批准\n1999年8月1日 国家发展计划委员会发布\n' +
        BODY,
      '行政法规',
    ],
    // 地方性法规 and 法律.
    [
      'a 办法 passed by a city people’s congress standing committee and approved by the province',
      '青岚市某某管理办法\n（2019年9月26日青岚市第十五届人民代表大会常务委员会第二十次会议通过　2019年11月29日河西省第十三届人民代表大会常务委员会第十四次会议批准）\n' +
        BODY,
      '地方性法规',
    ],
    [
      'a 规则 passed by a province’s 人大常委会 (dated header line)',
      '河西省某某规则\n2008年5月23日 河西省第十一届人民代表大会常务委员会第四次会议通过\n' + BODY,
      '地方性法规',
    ],
    [
      'a law passed by the national standing committee',
      '中华人民共和国某某法\n2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过\n' +
        BODY,
      '法律',
    ],
    [
      'a law promulgated by 主席令',
      '中华人民共和国主席令\n第八十号\n《中华人民共和国某某法》已由中华人民共和国第十三届全国人民代表大会常务委员会第二十次会议于2020年6月20日通过，现予公布，自2021年1月1日起施行。\n中华人民共和国主席　某某\n2020年6月20日\n中华人民共和国某某法\n' +
        BODY,
      '法律',
    ],
  ])('%s → %s', (_what, text, fine) => {
    const c = run(text).classification;
    expect(c.fineLevel?.level).toBe(fine);
    expect(c.level).toBe(/规章$/.test(fine) ? '规章' : '法律法规');
    expect(c.normative).toBe(false);
    // The level keeps its reason.
    expect(c.reasons.some((r) => r.text === c.fineLevel!.reason)).toBe(true);
  });

  it.each([
    [
      'an order cited after 《…》 in a normative document',
      '青岚市人民政府办公室关于贯彻实施《青岚市城市绿化管理办法》的通知\n青政办规〔2025〕3号\n各区人民政府：\n根据《青岚市城市绿化管理办法》（市政府令第18号），单位和个人临时占用城市绿地的，应当申请，经批准后方可占用，不得擅自改变用途。\n本通知自2026年1月1日起施行，有效期5年。\n青岚市人民政府办公室\n2025年11月1日',
    ],
    [
      'an order cited in a 废止 clause',
      '青岚市某某管理办法\n青政规〔2025〕4号\n第一条　为了规范管理，制定本办法。\n第二条　单位和个人申请补贴，应当符合下列条件。\n第三条　本办法自2026年1月1日起施行，有效期5年。2005年青岚市人民政府令第18号公布的《青岚市某某暂行办法》同时废止。',
    ],
    [
      'a county government’s 令 (a county makes no 规章)',
      '溪原县人民政府令\n第3号\n《溪原县某某管理办法》已经县人民政府常务会议通过，现予公布。\n县长　某某\n2025年11月1日\n溪原县某某管理办法\n第一条　为了规范管理，制定本办法。\n第二条　单位和个人应当遵守本办法，不得擅自占用。\n第三条　本办法自2026年1月1日起施行，有效期5年。',
    ],
    [
      'a city bureau’s publication sentence without a number (a local department makes no 规章)',
      '青岚市某某管理规定\n青岚市交通运输局令第\n《青岚市某某管理规定》已经局务会议通过，现予公布，自2026年1月1日起施行。\n局长　某某\n第一条　为了规范管理，制定本规定。\n第二条　单位和个人应当遵守本规定，不得擅自占用。\n第三条　本规定自2026年1月1日起施行，有效期5年。',
    ],
  ])('%s is no 规章', (_what, text) => {
    const c = run(text).classification;
    expect(c.level).toBe('行政规范性文件');
    expect(c.fineLevel).toBeUndefined();
  });

  it('a county’s 令 says why it is reviewed as a normative document', () => {
    const c = run(
      '溪原县人民政府令\n第3号\n溪原县某某管理办法\n第一条　单位和个人应当遵守本办法。\n第二条　本办法自2026年1月1日起施行。',
    ).classification;
    expect(c.reasons.map((r) => r.text).join('；')).toContain('县级人民政府不能制定规章');
  });
});

describe('each level gets only its checks', () => {
  it('a 部门规章 that sets fines and confiscation gets no 不得设定 finding and no normative-document check', () => {
    const r = run(ORDER_PAGE('生态环境部令第12号'));
    const ids = r.findings.map((f) => f.ruleId.split('/')[1]!);
    expect(ids.filter((id) => /^(?:NB|VP|3U|ED-TOO-SOON|DN-MISSING)/.test(id))).toEqual([]);
  });

  it('a law’s 三统一 and 有效期 checklist items are 不适用, never failures', () => {
    const r = run(
      '中华人民共和国某某法\n2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过\n' +
        BODY,
    );
    const byId = Object.fromEntries(r.checklist.map((c) => [c.id, c]));
    for (const id of ['SY-01', 'SY-02', 'SY-03', 'YX-01', 'CX-04', 'BD-CF']) {
      expect(byId[id]!.status).toBe('na');
      // Either the item's own scope (only for 行政规范性文件) or its rules' levels say why.
      expect(byId[id]!.note).toMatch(/^(?:仅适用于行政规范性文件|不适用于法律)$/);
    }
  });

  const rule = {
    id: 'ONLY',
    kind: 'pattern',
    options: { triggers: ['罚款'] },
  };
  it.each([
    [['规章'], true, false],
    [['部门规章'], true, false],
    [['地方政府规章'], false, false],
    [['行政规范性文件'], false, true],
    [undefined, true, true],
  ] as const)(
    'a rule for %j runs on the 部门规章: %s, on the normative document: %s',
    (levels, onRule, onNormative) => {
      const pack = onePack({
        ...rule,
        ...(levels ? { levels, levelsBasis: '测试依据' } : {}),
      });
      const c = compilePacks([pack]);
      expect(c.warnings).toEqual([]);
      const hits = (text: string) =>
        check(modelFromText(text), c, { today: '2026-11-27' }).findings.length > 0;
      expect(hits(ORDER_PAGE('生态环境部令第12号'))).toBe(onRule);
      expect(
        hits(
          '青岚市某某管理办法\n青政规〔2025〕4号\n第一条　单位和个人应当遵守本办法。\n第二条　违反的，处200元罚款。\n第三条　本办法自2026年1月1日起施行，有效期5年。',
        ),
      ).toBe(onNormative);
    },
  );

  it.each([
    [{ levels: ['省级规章'], levelsBasis: '某' }, '取值无效'],
    [{ levels: ['规章'] }, '必须注明其依据（levelsBasis）'],
    [{ levels: ['规章', '规章'], levelsBasis: '某' }, '「规章」重复'],
    [{ levels: [], levelsBasis: '某' }, '至少需要 1 项'],
  ])('a pack rule with %j is refused in Chinese', (extra, message) => {
    const pack = {
      id: 'test',
      name: '测试',
      version: '1',
      jurisdiction: '测试',
      rules: [
        {
          id: 'R',
          kind: 'pattern',
          severity: 'warning',
          category: '合法性',
          message: 'm',
          basis: 'b',
          options: { triggers: ['罚款'] },
          ...extra,
        },
      ],
    };
    const v = validatePack(pack);
    expect(v.ok).toBe(false);
    expect(v.ok ? '' : v.errors.map((e) => e.message).join('\n')).toContain(message);
  });
});

describe('bad input does not make the level reading slow', () => {
  const time = (text: string) => {
    const t0 = performance.now();
    const c = run(text).classification;
    return { ms: performance.now() - t0, c };
  };
  it.each([
    [
      'a text without structure',
      (n: number) => '令第号人民代表大会常务委员会通过国务院批准（'.repeat(n / 20),
    ],
    [
      'a text of only headings and order lines',
      (n: number) => '第一章　总则\n青岚市人民政府令\n（2010年青岚市人民政府令\n'.repeat(n / 30),
    ],
  ])('%s: 5 MB is read in time linear in its size, and is no 规章', (_what, make) => {
    const small = time(make(1_250_000));
    const big = time(make(5_000_000));
    expect(big.c.fineLevel).toBeUndefined();
    expect(big.ms).toBeLessThan(20_000);
    // Four times the text, at most about four times the time (with room for a loaded machine).
    expect(big.ms).toBeLessThan(small.ms * 10 + 500);
  });
});
