import { describe, expect, it } from 'vitest';
import { docKeyFor, normalizeTitle } from '../../../lib/dockey';

describe('document keys across review rounds', () => {
  it.each([
    [
      '关于公开征求《银湖市老年助餐服务补贴办法（征求意见稿）》意见的公告',
      '关于再次公开征求《银湖市老年助餐服务补贴办法（征求意见稿修改稿）》意见的公告',
    ],
    [
      '关于公开征求《汀江市机动车停车场管理规定（征求意见稿）》意见的公告',
      '关于公开征求《汀江市机动车停车场管理规定（送审稿）》意见的公告',
    ],
    ['某市供水条例（修订草案征求意见稿）', '某市供水条例'],
    ['某某办法（征求意见稿）（第二稿）', '某某办法'],
    ['关于印发《某市停车管理办法》的通知', '某市停车管理办法'],
  ])('recognises %s and %s as the same document', (a, b) => {
    expect(normalizeTitle(a)).toBe(normalizeTitle(b));
    expect(docKeyFor({ title: a, url: 'https://x.gov.cn/a' })).toBe(
      docKeyFor({ title: b, url: 'https://x.gov.cn/b' }),
    );
  });

  it.each([
    [
      '关于公开征求《某市停车管理办法（征求意见稿）》意见的公告',
      '关于公开征求《某市供水管理办法（征求意见稿）》意见的公告',
    ],
    ['某市停车管理办法', '某市停车管理暂行办法'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(normalizeTitle(a)).not.toBe(normalizeTitle(b));
  });

  it('does not mistake an implementing opinion for the law it implements', () => {
    expect(normalizeTitle('关于贯彻落实《某某条例》的实施意见')).not.toBe(
      normalizeTitle('某某条例'),
    );
  });

  it('keeps a title that only cites another document in 《》 as it is', () => {
    expect(normalizeTitle('某市实施《中华人民共和国某某法》办法')).toBe(
      '某市实施中华人民共和国某某法办法',
    );
  });

  it('prefers the 发文字号 over the title, whatever the bracket variant', () => {
    expect(docKeyFor({ docNumber: '某府规[2025]3号', title: 'a' })).toBe(
      docKeyFor({ docNumber: '某府规〔2025〕3号', title: 'b' }),
    );
  });
});
