import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../rules/context';
import { classify } from '../../../rules/classify';
import { extractFacts } from '../../../rules/facts';
import { modelFromText } from '../../../rules/model';

const TODAY = { y: 2026, m: 11, d: 27 };
function level(text: string) {
  const ctx = makeContext(modelFromText(text));
  return classify(ctx, extractFacts(ctx, TODAY)).level;
}
const doc = (title: string, articles: string[]) =>
  [
    '某政办发〔2020〕12号',
    title,
    '各县（市、区）人民政府，市政府各部门：',
    '现将《办法》印发给你们，请认真贯彻执行。',
    ...articles.map((a, i) => `第${'一二三四五六七八'[i]}条　${a}`),
  ].join('\n');

describe('who is bound: a 办法 with articles on the administration’s own business is internal', () => {
  it.each([
    [
      '某市人民政府办公室关于印发某市财政专项资金管理办法的通知',
      [
        '为加强财政专项资金管理，制定本办法。',
        '财政部门负责专项资金的预算编制和监督检查。',
        '主管部门负责项目的审核和绩效评价。',
        '项目单位应当按照批准的用途使用资金，不得挤占挪用。',
        '审计部门依法对资金使用情况进行审计。',
        '本办法自2021年1月1日起施行，有效期5年。',
      ],
    ],
    [
      '某市人民政府办公室关于印发某市行政执法公示制度等三项制度的通知',
      [
        '为规范行政执法行为，制定本制度。',
        '各行政执法部门应当在执法前公示执法主体、人员、依据。',
        '执法人员应当主动出示执法证件。',
        '各部门应当建立执法信息公示审核机制，本机关法制机构负责审核。',
        '本制度自2021年1月1日起施行，有效期5年。',
      ],
    ],
    [
      '某市人民政府办公室关于印发某市政府网站信息发布管理办法的通知',
      [
        '为加强政府网站管理，制定本办法。',
        '各部门负责本部门栏目信息的采集和报送。',
        '工作人员应当对发布信息进行审核，各单位主要负责人负总责。',
        '网站主管单位负责技术保障。',
        '本办法自2021年1月1日起施行，有效期5年。',
      ],
    ],
    [
      '某省财政厅关于印发某省农村环境整治示范资金管理办法的通知',
      [
        '为规范示范资金管理，提高资金使用效益，制定本办法。',
        '示范资金用于示范县的环境基础设施建设。',
        '示范县应当按照批准的实施方案组织项目建设。',
      ],
    ],
  ])('「%s」 is 其他', (title, articles) => {
    expect(level(doc(title, articles))).toBe('其他');
  });

  it.each([
    [
      '某市人民政府关于印发某市企业技术改造专项资金管理办法的通知',
      [
        '为支持企业技术改造，制定本办法。',
        '申请专项资金的企业应当具备独立法人资格，依法纳税。',
        '企业应当向主管部门提交申请书和项目可行性研究报告。',
        '企业弄虚作假骗取资金的，追回资金，五年内不得申请。',
        '财政部门负责资金拨付。',
        '本办法自2021年1月1日起施行，有效期5年。',
      ],
    ],
    [
      '某市人民政府关于印发某市城市道路停车管理办法的通知',
      [
        '为加强停车管理，制定本办法。',
        '机动车驾驶人应当在停车泊位内停放车辆。',
        '经营者应当公示收费标准。',
        '各部门按照职责做好停车管理工作。',
        '本办法自2021年1月1日起施行，有效期5年。',
      ],
    ],
  ])('「%s」 binds the public and stays a 规范性文件', (title, articles) => {
    expect(level(doc(title, articles))).toBe('行政规范性文件');
  });
});

describe('a title that names a website is a title, not site chrome', () => {
  it.each([
    ['某市人民政府办公室关于印发某市政府网站信息发布管理办法的通知'],
    ['某省人民政府门户网站管理办法'],
  ])('「%s」', (title) => {
    const ctx = makeContext(
      modelFromText(
        ['首页 > 政务公开 > 文件', title, '第一条　为加强管理，制定本办法。'].join('\n'),
      ),
    );
    expect(extractFacts(ctx, TODAY).title?.value).toBe(title);
  });
});
