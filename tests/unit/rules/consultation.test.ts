/**
 * Consultation pages written the many ways portals write them (authored texts, fictitious
 * places): the comment deadline, whether the page is a draft at all, and the level of the
 * drafted act.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../rules/engine';
import { modelFromHtml } from '../../../rules/model';
import { problems, run, seeds } from './helpers';

describe('the comment deadline', () => {
  it.each([
    [
      '「可在…（含）前…提出意见建议」',
      '青岚市发展和改革委员会关于公开征求《青岚市停车管理办法（征求意见稿）》意见的公告\n公众可在2026年12月10日（含）前，通过电子邮件提出意见建议。\n青岚市发展和改革委员会\n2026年11月25日',
      '2026-12-10',
    ],
    [
      '「意见征集期限为30日，自本通知发布之日起计算」',
      '溪原县文化和旅游局关于《溪原县民宿管理办法（征求意见稿）》公开征求意见的通知\n意见征集期限为30日，自本通知发布之日起计算。有关单位和个人可通过电子邮件提出意见。\n溪原县文化和旅游局\n2026年11月20日',
      '2026-12-20',
    ],
    [
      '「自本公告发布之日起10日内将意见反馈」',
      '溪原县文化和旅游局关于《溪原县民宿管理办法（征求意见稿）》公开征求意见的通知\n请自本公告发布之日起10日内将意见反馈至县文化和旅游局。\n溪原县文化和旅游局\n2026年11月20日',
      '2026-11-30',
    ],
    [
      '「自即日起至…，社会各界可…反馈意见」',
      '溪原县司法局关于《溪原县农村住宅建设管理办法（送审稿）》公开征求意见的公告\n自即日起至2026年12月12日，社会各界可通过以下方式反馈意见：电子邮件。\n溪原县司法局\n2026年11月12日',
      '2026-12-12',
    ],
    [
      '「意见反馈时间：…—…」',
      '汀江市发展和改革委员会关于《汀江市停车收费管理办法（修订草案征求意见稿）》公开征求意见的公告\n意见反馈时间：2026年11月20日—12月21日。\n汀江市发展和改革委员会\n2026年11月20日',
      '2026-12-21',
    ],
    [
      '「请将意见建议于…17时前」',
      '汀江市发展和改革委员会关于《汀江市停车收费管理办法（修订草案征求意见稿）》公开征求意见的公告\n请将意见建议于2026年12月21日17时前发送至电子邮箱。\n汀江市发展和改革委员会\n2026年11月20日',
      '2026-12-21',
    ],
    [
      '「请于1月8日前」 on a notice of 26 November',
      '银湖市住房和城乡建设局关于征求《银湖市供热管理办法（征求意见稿）》意见的通知\n请于1月8日前将修改意见反馈至市住房和城乡建设局。\n银湖市住房和城乡建设局\n2026年11月26日',
      '2027-01-08',
    ],
  ])('%s', (_why, text, iso) => {
    const r = run(text);
    expect(r.facts.isDraft).toBe(true);
    expect(r.facts.commentDeadline).toBe(iso);
  });
});

describe('a consultation page read from portal markup', () => {
  it('takes the deadline from a platform field 征集时间 「2026-11-16 09:00:00 至 2026-11-30 18:00:00」', () => {
    const html =
      '<html><head><meta charset="utf-8"><title>意见征集</title></head><body><main>\n<table><tr><th>征集部门</th><td>青岚市发展和改革委员会</td></tr>\n<tr><th>发布日期</th><td>2026-11-16</td></tr>\n<tr><th>征集时间</th><td>2026-11-16 09:00:00 至 2026-11-30 18:00:00</td></tr></table>\n<h1>《青岚市充电设施补贴办法（征求意见稿）》公开征求意见</h1>\n<div class="content"><p>现面向社会公开征求意见，欢迎企业投资建设运营者提出意见建议。</p></div>\n</main></body></html>';
    const r = check(modelFromHtml(html), seeds('common-local'), { today: '2026-11-27' });
    expect(r.facts.commentDeadline).toBe('2026-11-30');
    expect(problems(r)).toContain('CONS-SHORT');
  });
});

describe('draft or not', () => {
  it('a final document that says it 已经公开征求意见 is not a draft, and its lapse is reported', () => {
    const r = run(
      '汀江市人民政府办公室关于印发《汀江市加装电梯补助办法》的通知\n汀府办规〔2020〕12号\nTJGF-2020-061\n各区人民政府，市政府各部门：\n《汀江市加装电梯补助办法》已经公开征求意见、合法性审核和市人民政府常务会议审议通过，现印发给你们，请认真贯彻执行。\n汀江市人民政府办公室\n2020年10月16日\n第一条　为了改善居住条件，根据有关规定，制定本办法。\n第二条　对符合条件的项目给予补助。\n第三条　本办法自2020年12月1日起施行，有效期5年。',
    );
    expect(r.facts.isDraft).toBe(false);
    expect(problems(r)).toContain('VP-LAPSED');
  });

  it.each([
    [
      'a 结果反馈',
      '关于《汀江市地下管线管理办法（征求意见稿）》公开征求意见结果反馈\n2026年10月12日至11月11日，我局公开征求了意见，共收到意见17条，采纳6条。现将处理情况反馈如下：\n关于罚款数额。因规范性文件不得设定行政处罚，征求意见稿中有关罚款的内容已删除。\n汀江市住房和城乡建设局\n2026年11月20日',
    ],
    [
      'a 采纳情况的说明',
      '关于《汀江市地下管线管理办法（征求意见稿）》征求意见采纳情况的说明\n2026年10月12日至11月11日，我局公开征求了意见，共收到意见17条，采纳6条。现将处理情况反馈如下：\n关于罚款数额。因规范性文件不得设定行政处罚，征求意见稿中有关罚款的内容已删除。\n汀江市住房和城乡建设局\n2026年11月20日',
    ],
  ])('%s after the consultation is neither a draft nor the document', (_why, text) => {
    const r = run(text);
    expect([r.facts.isDraft, r.classification.isDocument]).toEqual([false, false]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('a 修订草案二次审议稿 put 「向社会征求意见」 is a draft 法规', () => {
    const r = run(
      '关于《银湖市城市绿化条例（修订草案二次审议稿）》向社会征求意见的公告\n现将二次审议稿全文公布，向社会征求意见。请于2026年12月31日前将意见发送至电子邮箱。\n银湖市人大常委会法制工作委员会\n2026年11月23日',
    );
    expect([r.facts.isDraft, r.classification.level, r.facts.commentDeadline]).toEqual([
      true,
      '法律法规',
      '2026-12-31',
    ]);
  });
});

describe('the level of a drafted act', () => {
  it('a 司法局 consulting on its own 实施细则 (「我局起草」) drafts a 规范性文件, not a 规章', () => {
    const r = run(
      '青岚市司法局关于公开征求《青岚市基层法律服务管理实施细则（征求意见稿）》意见的通知\n我局起草了《青岚市基层法律服务管理实施细则（征求意见稿）》，现向社会公开征求意见。请于2026年12月25日前反馈。\n青岚市司法局\n2026年11月25日\n第一条　为了加强管理，根据《基层法律服务工作者管理办法》，制定本细则。\n第二条　申请执业核准的，应当提交村（居）民委员会出具的品行良好证明。\n第三条　本细则自2027年2月1日起施行，有效期5年。',
    );
    expect(r.classification.level).toBe('行政规范性文件');
    expect(problems(r)).toContain('NB-ZM');
  });

  it('a drafted 条例 is a 法规 even when the 司法局 publishes it (a 规章 is never called 条例)', () => {
    expect(
      run(
        '青岚市司法局关于公开征求《青岚市餐厨垃圾管理条例（草案征求意见稿）》意见的通知\n本条例草案已列入市人民政府2026年度立法计划，由市城市管理局起草，拟提请市人民代表大会常务委员会审议。现公开征求社会各界意见，请于2026年12月25日前反馈。\n青岚市司法局\n2026年11月24日',
      ).classification.level,
    ).toBe('法律法规');
  });
});

describe('a 修订 draft telling of the version in force', () => {
  it('does not take 「现行《…》自2021年3月1日起施行」 for its own clause (no ED-RETRO)', () => {
    const r = run(
      '汀江市发展和改革委员会关于《汀江市停车收费管理办法（修订草案征求意见稿）》公开征求意见的公告\n现向社会公开征求意见，请于2026年12月21日前反馈。\n汀江市发展和改革委员会\n2026年11月20日\n修订说明\n现行《汀江市停车收费管理办法》自2021年3月1日起施行，有效期至2026年12月31日。\n第一条　为了规范停车收费，根据《中华人民共和国价格法》，制定本办法。\n第二条　本办法自2027年1月1日起施行，有效期5年。',
    );
    expect(r.facts.effectiveDate).toBe('2027-01-01');
    expect(problems(r)).not.toContain('ED-RETRO');
  });
});

describe('the 施行 date of a draft', () => {
  it('counts the 30 days from the end of the consultation, when the draft will be published', () => {
    const r = run(
      '银湖市住房和城乡建设局关于征求《银湖市供热服务管理办法（征求意见稿）》意见的通知\n现公开征求社会各界意见。请于2027年1月8日前将修改意见反馈至市住房和城乡建设局。\n银湖市住房和城乡建设局\n2026年11月26日\n第一条　为了规范供热服务，根据《临川省城市供热条例》，制定本办法。\n第二条　本办法由市住房和城乡建设局负责解释。\n第三条　本办法自2027年1月1日起施行，有效期5年。',
    );
    const f = r.findings.find((x) => x.ruleId.endsWith('ED-TOO-SOON'));
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('早于征求意见截止日2027-01-08');
  });
});
