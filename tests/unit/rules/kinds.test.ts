import { describe, expect, it } from 'vitest';
import { check } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { normativeDoc, problems, ruleHits, run, runRule, seeds } from './helpers';

describe('pattern kind', () => {
  const rule = {
    kind: 'pattern',
    options: {
      triggers: ['征收', { pattern: '罚款', severity: 'error' }],
      exclude: ['征求'],
      excludeInSentence: ['补贴'],
      downgrade: {},
      // These snippets are too short to count as documents; run anyway.
      when: { document: false },
    },
  };
  const doc = (s: string) => `关于某某的通知\n${s}`;

  it.each([
    ['本市征收城市道路占用费。', ['R:warning']],
    ['违者处200元罚款。', ['R:error']],
    ['依照《中华人民共和国道路交通安全法》第九十条的规定处200元罚款。', ['R:info']],
    ['征收和罚款在同一句里只报一次。', ['R:warning']],
    ['第一句征收。第二句罚款。', ['R:warning', 'R:error']],
  ])('flags %s', (text, hits) => {
    const f = runRule(rule, doc(text));
    expect(f.map((x) => `R:${x.severity}`)).toEqual(hits);
  });

  it.each(['现向社会公开征求意见。', '对缴纳罚款的企业给予补贴。', '本通知内容为空。'])(
    'does not flag %s',
    (text) => {
      expect(runRule(rule, doc(text))).toEqual([]);
    },
  );

  it('does not look at the title or metadata lines', () => {
    expect(runRule(rule, '关于征收某某费的通知\n发文机关：征收局\n正文。')).toEqual([]);
  });

  it('only downgrades for a citation in the same sentence', () => {
    const f = runRule(rule, doc('违者处200元罚款。依照《某某法》第一条办理。'));
    expect(f.map((x) => x.severity)).toEqual(['error']);
  });

  it('covers the whole sentence in sentence scope', () => {
    const f = runRule(
      { ...rule, options: { ...rule.options, scope: 'sentence' } },
      doc('甲乙丙征收丁戊。'),
    );
    expect(f[0]!.anchor.exact).toBe('甲乙丙征收丁戊。');
  });

  it('stops at maxFindings and says how many more there were', () => {
    const f = runRule(
      { ...rule, options: { ...rule.options, maxFindings: 2 } },
      doc('征收。'.repeat(5)),
    );
    expect(f).toHaveLength(2);
    expect(f[1]!.message).toContain('另有 3 处');
  });

  it('fills the message with the trigger and carries an anchor quote', () => {
    const text = doc('本市征收城市道路占用费。');
    const [f] = runRule(rule, text);
    expect(f!.message).toBe('命中「征收」');
    expect(f!.anchor.exact).toBe('征收');
    expect(text.slice(f!.range.start, f!.range.end)).toBe('征收');
    expect(f!.anchor.prefix.endsWith('本市')).toBe(true);
  });
});

describe('the 不得 list in the national pack', () => {
  const doc = (art: string) =>
    normativeDoc({ articles: ['为了规范管理，根据《某某法》，制定本办法。', art] });
  it.each([
    ['NB-XK', '设立早餐网点须经商务部门审批，取得许可证后方可经营。'],
    ['NB-XK', '养犬人应当向县公安局申领养犬许可证。'],
    ['NB-XK', '未取得养犬许可证的，不得在城区养犬。'],
    ['NB-XK', '单位和个人设置户外广告，须经县人民政府批准后方可设置。'],
    ['NB-XK', '需经县交通运输局审核同意后方可施工。'],
    ['NB-XK', '取得准建证后方可建设。'],
    ['NB-XK', '未经备案不得经营。'],
    ['NB-SF', '施工单位应当交纳道路修复保证金。'],
    ['NB-SF', '施工单位应当预交道路损坏赔偿费。'],
    ['NB-QZ', '对违规停放的车辆，可以将车辆予以扣留。'],
    ['NB-CF', '情节严重的，暂停其经营活动三个月。'],
    ['NB-CF', '违反本办法的，处以2000元以上5000元以下罚款。'],
    ['NB-QZ', '对流动加油车可以予以扣押，并查封储存场所。'],
    ['NB-ZS', '必要时可以无偿征用沿街临时经营场所。'],
    ['NB-SF', '建房户应当缴纳建房保证金，并按面积收取规划服务费。'],
    ['NB-JS', '列入失信名单的企业一律不予办理相关手续。'],
    ['NB-QL', '市住房城乡建设局有权调取物业企业的财务账簿。'],
    ['NB-ZM', '申请人须提供村民委员会出具的无犯罪记录证明。'],
    ['NB-GP', '政府投资项目应当优先采购本地企业产品。'],
    ['NB-SJ', '此前已发放的补贴均按本办法重新核定。'],
  ])('%s flags 「%s」', (id, art) => {
    expect(problems(run(doc(art)))).toContain(id);
  });

  it.each([
    ['征求意见 is not 征收', '起草过程中公开征求意见。'],
    ['subsidies 给予…万元 are not fees', '对符合条件的企业给予一次性补贴10万元。'],
    [
      'a penalty restated with its law is info',
      '违反本办法的，由市场监管部门依照《中华人民共和国食品安全法》第一百二十二条的规定处以罚款。',
    ],
    ['a cross-reference to the law is info', '违反本办法规定的，由有关部门依法予以处罚。'],
    ['fines paid into the treasury are fiscal wording', '罚款一律上缴国库。'],
    ['a ban on fees is not a fee', '任何单位不得收取费用。'],
    ['a ban with a long object', '不得在物业服务费之外，以任何名义向业主收取其他费用。'],
    ['a duty to display fees', '经营者应当在经营场所公示收费项目和收费标准。'],
    ['a fee set under the price catalogue', '收费标准由市发展改革部门依照《临川省定价目录》核定。'],
    ['a ban on asking for proofs', '不得要求民营企业提供已通过政务数据共享获取的证明材料。'],
    ['an internal approval', '重大事项须经市政府常务会议集体讨论同意。'],
    ['a business licence the law requires', '取得营业执照后方可经营。'],
    [
      'a licence the law already requires, restated with 依法',
      '经营者应当依法向生态环境部门申领排污许可证。',
    ],
    ['a copy of the business licence is not a 证明', '申请人应当提交营业执照复印件。'],
  ])('%s', (_why, art) => {
    const hits = problems(run(doc(art)));
    expect(hits.filter((h) => h.startsWith('NB-'))).toEqual([]);
  });

  it('does not apply the 不得 list to a 规章 (it may set fines)', () => {
    const r = run(
      '银湖市人民政府令第52号\n《银湖市养犬管理规定》已经审议通过，现予公布。\n第一条　违反本规定的，处200元罚款。\n第二条　本规定自2026年1月1日起施行。',
    );
    expect(r.classification.level).toBe('规章');
    expect(problems(r)).not.toContain('NB-CF');
  });
});

describe('the own 发文字号 in less usual forms', () => {
  const head = (numberLine: string) =>
    `青岚市人民政府办公室关于印发《某某办法》的通知\n${numberLine}\n各区人民政府：\n现印发给你们。\n第一条　为了规范管理，制定本办法。\n第二条　本办法自2026年1月1日起施行，有效期5年。\n青岚市人民政府办公室\n2025年12月1日`;
  it.each([
    ['full-width digits', '青政办规〔２０２５〕４号', '青政办规〔２０２５〕４号'],
    [
      "two joint numbers on one line: the lead body's",
      '青政办规〔2025〕4号　青财规〔2025〕2号',
      '青政办规〔2025〕4号',
    ],
  ])('%s', (_why, line, own) => {
    const r = run(head(line));
    expect(r.facts.docNumber).toBe(own);
    expect(problems(r)).not.toContain('DN-MISSING');
  });

  it('does not take a 登记号 written in the 代字 form for a 发文字号', () => {
    const r = run(head('登记号：青管规〔2025〕001\n青政办规〔2025〕4号'));
    expect(r.facts.docNumber).toBe('青政办规〔2025〕4号');
    expect(problems(r)).not.toContain('DN-ZERO');
  });
});

describe('the exception to the 30-day gap', () => {
  const doc = (extra: string, reason = '') =>
    `青岚市某某补贴办法\n青政办规〔2025〕4号\nQLGF-2025-012\n第一条　为了规范管理，制定本办法。\n第二条　${extra}\n第三条　${reason}本办法自印发之日起施行，有效期5年。\n青岚市人民政府办公室\n2025年12月1日`;
  const severityOf = (text: string) =>
    run(text).findings.find((f) => f.ruleId.endsWith('ED-TOO-SOON'))?.severity;
  it('is read next to the 施行 clause, not from an unrelated article', () => {
    expect(severityOf(doc('遇有突发事件的，区民政部门可以先行发放临时补贴。'))).toBe('warning');
    const reason = '为应对突发事件，保障困难群众基本生活，';
    expect(severityOf(doc('补贴按月发放。', reason))).toBe('info');
  });
});

describe('the portal metadata against the body', () => {
  const text =
    '青岚市人民政府办公室关于印发《某某办法》的通知\n青政办规〔2025〕17号\n各区人民政府：\n现印发给你们。\n第一条　为了规范管理，制定本办法。\n第二条　本办法自2026年1月1日起施行，有效期5年。\n青岚市人民政府办公室\n2025年12月1日';
  const ids = (meta: string) =>
    check(modelFromText(text, { meta: { 文号: meta } }), seeds(), {
      today: '2026-11-27',
    }).findings.map((f) => `${f.ruleId.split('/')[1]}:${f.severity}`);
  it('warns when the 文号 field names another number', () => {
    expect(ids('青政办规〔2025〕11号')).toContain('DN-META-CONFLICT:warning');
  });
  it('only notes another spelling of the same number', () => {
    const got = ids('青政办规[2025]17号');
    expect(got).toContain('DN-META:info');
    expect(got.filter((x) => x.startsWith('DN-META-CONFLICT'))).toEqual([]);
  });
});

describe('what a 规章 may not set', () => {
  const rule = (art: string) =>
    run(
      `银湖市人民政府令第52号\n《银湖市养犬管理规定》已经审议通过，现予公布。\n第一条　为了规范养犬行为，制定本规定。\n第二条　${art}\n第三条　本规定自2026年1月1日起施行。`,
    );
  it('flags 没收 and 扣押 set by a 规章 (it may set 警告, 通报批评 and fines only)', () => {
    const r = rule('违反本规定的，由公安机关没收犬只；必要时可以扣押犬只，并处200元罚款。');
    expect(r.classification.level).toBe('规章');
    expect(ruleHits(r)).toEqual(expect.arrayContaining(['RG-CF:warning', 'RG-QZ:warning']));
    expect(problems(r)).not.toContain('NB-CF');
  });
  it('leaves a fine in a 规章 alone', () => {
    const hits = ruleHits(rule('违反本规定的，处200元罚款。'));
    expect(hits.filter((h) => h.startsWith('RG-'))).toEqual([]);
  });
});

describe('doc-number kind (GB/T 9704, raw text)', () => {
  it.each([
    ['国办发[2018]37号', 'DN-BR', '国办发〔2018〕37号'],
    ['汀府规﹝2024﹞4号', 'DN-BR', '汀府规〔2024〕4号'],
    ['银政办规（2024）9号', 'DN-BR', '银政办规〔2024〕9号'],
    ['国办发„2018‟37号', 'DN-BR', '国办发〔2018〕37号'],
    // A 2-digit year cannot be rebuilt: the finding carries the rule's advice instead.
    ['溪府办规〔24〕6号', 'DN-YR', '年份写全4位阿拉伯数字'],
    ['银政规发〔2024〕05号', 'DN-ZERO', '银政规发〔2024〕5号'],
    ['汀府办规〔2024〕第7号', 'DN-DI', '汀府办规〔2024〕7号'],
    ['银政办规〔2024〕12', 'DN-HAO', '银政办规〔2024〕12号'],
    ['溪府规〔2024〕 12 号', 'DN-SP', '溪府规〔2024〕12号'],
    ['汀府办规〔202418号', 'DN-BROKEN', '汀府办规〔2024〕18号'],
  ])('flags %s as %s with the fix %s', (num, id, fix) => {
    const r = run(normativeDoc({ number: num }));
    const f = r.findings.find((x) => x.ruleId === `national/${id}`);
    expect(f, JSON.stringify(ruleHits(r))).toBeDefined();
    expect(f!.anchor.exact).toBe(num);
    expect(f!.suggestion).toBe(fix);
    expect(f!.severity).not.toBe('info');
  });

  it.each(['银政规发〔2025〕6号', '兰州市人民政府令〔2025〕第1号'])('accepts %s', (num) => {
    const hits = problems(run(normativeDoc({ number: num }))).filter((h) => h.startsWith('DN-'));
    expect(hits).toEqual([]);
  });

  it('gives cited numbers a lower severity than the own number', () => {
    const r = run(
      normativeDoc({ articles: ['根据《某某通知》（国办发[2018]37号），制定本办法。'] }),
    );
    const f = r.findings.find((x) => x.ruleId === 'national/DN-BR')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('被引用');
  });

  it('flags 二O二五年 written with the letter O and suggests 〇', () => {
    const f = runRule(
      { kind: 'doc-number', options: { check: 'cn-date', when: { document: false } } },
      '关于某某的通知\n某某局\n二O二五年三月十日',
    );
    expect(f[0]!.suggestion).toBe('二〇二五年');
  });

  it('lowers the severity on a third-party copy of the page', () => {
    const r = run(
      normativeDoc({ number: '国办发[2018]37号' }),
      'common-local',
      '2026-11-27',
      'https://www.policy-news.example.com/a.html',
    );
    expect(r.findings.find((x) => x.ruleId === 'national/DN-BR')!.severity).toBe('warning');
  });

  it('checks the jurisdiction 「规」 pattern (Guangzhou) only on normative documents', () => {
    expect(
      problems(
        run(normativeDoc({ number: '穗云府办〔2025〕4号', reg: 'BY0220250004' }), 'guangzhou'),
      ),
    ).toContain('DN-GUI');
    expect(
      problems(
        run(normativeDoc({ number: '穗云府办规〔2025〕4号', reg: 'BY0220250004' }), 'guangzhou'),
      ),
    ).not.toContain('DN-GUI');
  });
});

describe('registration-number kind', () => {
  it('flags a normative document without 登记号', () => {
    expect(problems(run(normativeDoc({ reg: '' })))).toContain('3U-NO-REGNO');
  });
  it('accepts the jurisdiction format and flags another', () => {
    expect(
      problems(run(normativeDoc({ number: '惠府〔2025〕41号', reg: 'HFGS-2025-11' }), 'huizhou')),
    ).not.toContain('3U-REGNO-FORMAT');
    expect(
      problems(run(normativeDoc({ number: '惠府〔2025〕41号', reg: 'HZGS-2025-11' }), 'huizhou')),
    ).toContain('3U-REGNO-FORMAT');
  });
  it('leaves the format unchecked where the pack gives none (Lanzhou) but still wants the number', () => {
    expect(problems(run(normativeDoc({ reg: 'ABCD-2025-1' }), 'lanzhou'))).not.toContain(
      '3U-REGNO-FORMAT',
    );
    expect(problems(run(normativeDoc({ reg: '' }), 'lanzhou'))).toContain('3U-NO-REGNO');
  });
  it('flags a year that disagrees with the 发文字号', () => {
    expect(problems(run(normativeDoc({ reg: 'YHGF-2024-031' })))).toContain('3U-REGNO-YEAR');
    expect(problems(run(normativeDoc({ reg: 'YHGF-2025-031' })))).not.toContain('3U-REGNO-YEAR');
  });
});

describe('validity kind', () => {
  const withClosing = (closing: string, title?: string) =>
    normativeDoc({ closing, ...(title ? { title } : {}) });
  it.each([
    ['本办法自2025年12月1日起施行，有效期5年。', undefined, []],
    ['本办法自2025年12月1日起施行，有效期8年。', undefined, ['VP-OVERCAP']],
    ['本办法自2025年12月1日起施行。', undefined, ['VP-MISSING']],
    [
      '本办法自2025年12月1日起施行，有效期3年。',
      '关于印发某某管理暂行办法的通知',
      ['VP-TRIAL-OVERCAP'],
    ],
    ['本办法自2025年12月1日起施行，有效期2年。', '关于印发某某管理暂行办法的通知', []],
    [
      '本通告自2025年12月1日起施行，有效期2年。',
      '银湖市人民政府关于某某管理的通告',
      ['VP-NOTICE-OVERCAP'],
    ],
  ])('%s (title %s) → %j', (closing, title, expected) => {
    const got = problems(run(withClosing(closing, title))).filter((p) => p.startsWith('VP-'));
    expect(got).toEqual(expected);
  });

  it('accepts an over-cap period when the text gives a reason, as info', () => {
    const r = run(
      withClosing('鉴于该项制度需要长期稳定执行，本办法自2025年12月1日起施行，有效期10年。'),
    );
    expect(ruleHits(r)).toContain('VP-OVERCAP:info');
  });

  it.each([
    ['2026-11-27', []],
    ['2030-06-01', ['VP-EVAL-DUE']],
    ['2030-11-30', ['VP-EVAL-DUE']],
    ['2030-12-01', ['VP-LAPSED']],
  ])('on %s the 2025-12-01 + 5 y document is %j', (today, expected) => {
    expect(
      problems(
        run(withClosing('本办法自2025年12月1日起施行，有效期5年。'), 'common-local', today),
      ).filter((p) => p.startsWith('VP-')),
    ).toEqual(expected);
  });
});

describe('effective-date kind', () => {
  it.each([
    ['本办法自2025年12月1日起施行，有效期5年。', []],
    ['本办法自印发之日起施行，有效期5年。', ['ED-TOO-SOON']],
    ['本办法自公布之日起30日后施行，有效期5年。', []],
    ['本办法自2025年11月2日起施行，有效期5年。', ['ED-TOO-SOON']],
    ['本办法自2025年1月1日起施行，有效期5年。', ['ED-RETRO']],
    ['有效期5年。', ['ED-MISSING']],
  ])('%s → %j', (closing, expected) => {
    const got = problems(run(normativeDoc({ closing }))).filter((p) => p.startsWith('ED-'));
    expect(got).toEqual(expected);
  });

  it('accepts immediate effect with a stated emergency reason, as info', () => {
    const r = run(
      normativeDoc({
        articles: ['为应对突发洪涝灾害，根据《某某法》，制定本办法。'],
        closing: '本办法自印发之日起施行，有效期1年。',
      }),
    );
    expect(ruleHits(r)).toContain('ED-TOO-SOON:info');
  });

  it('treats favourable retroactivity (补发) as info', () => {
    const r = run(
      normativeDoc({
        closing: '本办法自2025年1月1日起施行，此前未领取的补贴予以补发，有效期5年。',
      }),
    );
    expect(ruleHits(r)).toContain('ED-RETRO:info');
  });
});

describe('required-element kind', () => {
  it('wants the 制定依据 in the first article', () => {
    expect(
      problems(run(normativeDoc({ articles: ['本办法适用于本市。', '应当遵守。'] }))),
    ).toContain('RE-BASIS');
    expect(problems(run(normativeDoc({})))).not.toContain('RE-BASIS');
  });
  it('wants the 解释机关 when written in articles (info)', () => {
    const text = normativeDoc({}).replace('本办法由市司法局负责解释。', '本办法内容从略。');
    expect(ruleHits(run(text))).toContain('RE-INTERP:info');
  });
});

describe('consultation kind', () => {
  const draft = (period: string, body = '第一条　本办法适用于本市。') =>
    `关于公开征求《银湖市某某管理办法（征求意见稿）》意见的公告\n现向社会公开征求意见。${period}\n银湖市某某局\n2026年11月15日\n银湖市某某管理办法\n（征求意见稿）\n${body}`;
  it.each([
    [
      '征求意见时间为11月15日至11月20日。',
      '第一条　涉及网约车经营者的生产经营活动。',
      ['CONS-SHORT'],
    ],
    ['征求意见时间为11月15日至12月20日。', '第一条　涉及网约车经营者的生产经营活动。', []],
    [
      '征求意见时间为2026年11月15日至2026年11月20日。',
      '第一条　本办法适用于本市公园。',
      ['CONS-SHORT'],
    ],
    ['征求意见时间为2026年11月15日至2026年11月25日。', '第一条　本办法适用于本市公园。', []],
  ])('%s (%s) → %j', (period, body, expected) => {
    expect(problems(run(draft(period, body))).filter((p) => p.startsWith('CONS'))).toEqual(
      expected,
    );
  });
  it('notes a draft without a deadline (info)', () => {
    expect(ruleHits(run(draft('')))).toContain('CONS-DEADLINE:info');
  });
});

describe('publication kind', () => {
  it.each([
    ['https://www.yinhu.gov.cn/zwgk/a.html', false],
    ['http://localhost:8080/a.html', false],
    ['https://www.zhengce-news.example.com/a.html', true],
  ])('on %s reports a third-party copy: %s', (url, flagged) => {
    const r = run(normativeDoc({}), 'common-local', '2026-11-27', url);
    expect(r.findings.some((f) => f.ruleId.endsWith('/PUB-CHANNEL'))).toBe(flagged);
  });
});
