/**
 * Whether a text touches business (the national pack's `consultation.marketPatterns`): it
 * decides the 公平竞争审查 checklist items (CX-03, BD-GP: 不适用 when it does not) and the
 * longer consultation period for market-related drafts. Procurement and bidding texts
 * (实施办法 第二条: 政府采购、招标投标、招商引资、产业发展) touch business; internal
 * administration and texts that merely list 企业 among all kinds of units do not.
 */
import { describe, expect, it } from 'vitest';
import { normativeDoc, problems, run } from './helpers';

const applies = (articles: string[], title?: string) => {
  const r = run(normativeDoc({ articles, ...(title ? { title } : {}) }));
  const item = (id: string) => r.checklist.find((c) => c.id === id)!;
  return { cx03: item('CX-03'), bdgp: item('BD-GP') };
};

describe('a text that touches business makes the 公平竞争审查 items apply', () => {
  it.each([
    [
      '政府采购',
      ['采购人应当按照政府采购法的规定确定采购需求，不得以不合理的条件对供应商实行差别待遇。'],
    ],
    ['招标投标', ['依法必须招标的项目，招标人应当公开发布招标公告，投标人应当具备相应资格。']],
    ['中标', ['中标人应当按照合同约定履行义务，不得将中标项目转包。']],
    ['供应商', ['市机关事务管理局通过竞争性方式确定定点服务供应商，服务期为两年。']],
    ['经营主体', ['本办法所称经营主体，是指在本市依法登记的企业、个体工商户和农民专业合作社。']],
    ['招商引资', ['各县区应当规范招商引资行为，不得违法违规给予政策优惠。']],
    ['产业扶持 of 企业', ['对新认定的国家级专精特新企业给予一次性奖励。']],
    ['企业 with 奖补', ['对符合条件的家政企业按照新吸纳员工人数给予奖补。']],
    ['特许经营', ['城市供水、燃气等公用事业可以依法实行特许经营。']],
    ['经营者 (already there)', ['经营者应当明码标价。']],
  ])('%s → applies', (_what, articles) => {
    const { cx03, bdgp } = applies(articles);
    expect(cx03.status).not.toBe('na');
    expect(bdgp.status).not.toBe('na');
  });

  it.each([
    [
      '公文处理',
      [
        '各单位收到的公文应当由办公室统一登记、分送，不得直接送领导个人。',
        '公文办理应当及时，办理时限一般不超过五个工作日。',
      ],
      '银湖市人民政府办公室关于进一步规范公文处理工作的通知',
    ],
    [
      '会议管理',
      ['严格控制会议数量和规模，能合并召开的会议一律合并召开。'],
      '银湖市人民政府办公室关于精简会议的通知',
    ],
    [
      'units listed (企业事业单位)',
      ['国家机关、社会团体、企业事业单位应当组织本单位人员参加民防教育。'],
      undefined,
    ],
    ['people and 企业 addressed', ['广大办事群众和企业可以通过政务服务网预约办理。'], undefined],
    ['养犬 (citizens)', ['养犬人应当为犬只办理登记，携犬出户时应当束犬链。'], undefined],
  ])('%s → 不适用, with why', (_what, articles, title) => {
    const { cx03, bdgp } = applies(articles, title);
    expect(cx03.status).toBe('na');
    expect(bdgp.status).toBe('na');
    expect(cx03.note).toBe('文本未涉及市场主体经济活动');
  });
});

describe('a procurement draft gets the market consultation period', () => {
  const draft = (subject: string) =>
    [
      '关于公开征求《银湖市某某管理办法（征求意见稿）》意见的公告',
      `为广泛听取意见，现将${subject}的征求意见稿全文公布。征求意见时间为2025年11月3日至2025年11月17日。`,
      '银湖市财政局',
      '2025年11月3日',
    ].join('\n');

  it('30 days for 政府采购, working days for an internal matter', () => {
    // 11-03 → 11-17: 14 calendar days, 10 working days.
    expect(problems(run(draft('政府采购供应商管理办法')))).toContain('CONS-SHORT');
    expect(problems(run(draft('机关公文处理办法')))).not.toContain('CONS-SHORT');
  });
});
