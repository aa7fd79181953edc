/**
 * The engine benchmarks' synthetic document (scripts/bench-engine.ts, scripts/bench-rules.ts):
 * a 规范性文件 header, then articles mixing ordinary clauses, trigger words, exclusions,
 * higher-law citations and dates, so that every rule kind has work to do on every stretch.
 */
const HEADER = [
  'HFGS-2025-11',
  '汀江市人民政府办公室文件',
  '汀府办规[2025]05号',
  '汀江市人民政府办公室关于印发《汀江市城市管理综合执法暂行办法》的通知',
  '各县（区）人民政府，市政府各部门：',
  '现将《汀江市城市管理综合执法暂行办法》印发给你们，请认真贯彻执行。',
  '汀江市城市管理综合执法暂行办法',
].join('\n');

// A mix of ordinary clauses, trigger words, exclusions, higher-law citations and dates,
// so that every rule kind has work to do on every stretch of the text.
const CLAUSES = [
  '为了加强城市管理，根据《中华人民共和国城乡规划法》等法律、法规，结合本市实际，制定本办法。',
  '本办法适用于本市行政区域内的城市管理综合执法活动，单位和个人应当遵守本办法。',
  '违反本办法规定的，由城市管理部门责令改正，处以2000元以上5000元以下罚款。',
  '违反前款规定的，由市场监督管理部门依照《中华人民共和国行政处罚法》第十条的规定处理。',
  '申请人应当提供户籍所在地村民委员会出具的家庭经济状况证明材料。',
  '对符合条件的企业，给予一次性奖励10万元，所需资金由市财政统筹安排。',
  '本办法公开征求意见期间收到的意见，由市司法局汇总研究。',
  '经营者须经城市管理部门批准后方可设置户外广告，并按照收费标准缴纳占用费。',
  '对拒不改正的，可以查封、扣押相关设施，必要时强制拆除。',
  '政府投资项目应当优先采购本地企业产品，外地企业须在本市设立分支机构。',
  '此前已经发放的补贴均按本办法重新核定。',
  '市城市管理部门有权调取相关单位的财务账簿，纳入黑名单的企业一律不予办理相关手续。',
  '各县（区）人民政府应当按照国办发〔2018〕37号文件要求，做好相关工作，详见汀府办发[2019]7号。',
  '2025年3月1日前已经取得许可的，继续有效，不再另行办理。',
  '本条所称的城市管理设施，是指道路、桥梁、照明、绿化等公共设施。',
];

const FOOTER = [
  '第九百九十九条　本办法由市城市管理局负责解释。',
  '本办法自2025年6月1日起施行，有效期2年。',
  '汀江市人民政府办公室',
  '2025年5月20日',
].join('\n');

const CN = '一二三四五六七八九';
function articleNo(i: number): string {
  // 第一条 … 第九百九十九条 (wraps; exact numbering does not matter for timing).
  const n = (i % 999) + 1;
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  return `第${h ? CN[h - 1] + '百' : ''}${t ? (t === 1 && !h ? '' : CN[t - 1]) + '十' : h && u ? '零' : ''}${u ? CN[u - 1] : ''}条`;
}

/** A realistic document of about `size` characters. */
export function makeDocument(size: number): string {
  const parts = [HEADER];
  let len = HEADER.length + FOOTER.length;
  let i = 0;
  while (len < size) {
    const line = `${articleNo(i)}　${CLAUSES[i % CLAUSES.length]}${CLAUSES[(i * 7 + 3) % CLAUSES.length]}`;
    parts.push(line);
    len += line.length + 1;
    i++;
  }
  parts.push(FOOTER);
  return parts.join('\n').slice(0, size);
}
