/**
 * Metadata labels the facts read, shared by the page extraction (rules/extract/), the text
 * model (rules/model.ts) and the fact extractors, so that a label added for one is read by all.
 */

/** Labels of the registration number (登记号 / 统一编号 and their regional names). */
export const REG_META_KEYS: readonly string[] = [
  '登记号',
  '登记编号',
  '统一编号',
  '统一登记号',
  '规范性文件登记号',
  '规范性文件统一编号',
  '登记编码',
  '统一编码',
];

/** Fields of a consultation platform that hold the comment period, from–to. */
export const PERIOD_KEYS: readonly string[] = [
  '意见征集时间',
  '征求意见时间',
  '征集时间',
  '征集期限',
  '征集日期',
];

/** Labels of the document's own 发文字号. */
export const NUMBER_KEYS: readonly string[] = [
  '发文字号',
  '文号',
  '发文号',
  '文件编号',
  '文件字号',
];
/** The signing date: 成文日期 and its names. */
export const WRITTEN_KEYS: readonly string[] = [
  '成文日期',
  '成文时间',
  '印发日期',
  '发文日期',
  '签发日期',
];
/** The portal's posting date (生成日期 on 大汉 信息公开 pages). */
export const PUBLISHED_KEYS: readonly string[] = [
  '发布日期',
  '公布日期',
  '公开日期',
  '发布时间',
  '公布时间',
  '公开时间',
  '生成日期',
];
export const EFFECTIVE_KEYS: readonly string[] = [
  '实施日期',
  '施行日期',
  '生效日期',
  '生效时间',
  '实施时间',
  '施行时间',
];
export const EXPIRY_KEYS: readonly string[] = [
  '失效日期',
  '失效时间',
  '废止日期',
  '废止时间',
  '有效期至',
];
export const ISSUER_KEYS: readonly string[] = [
  '发文机关',
  '发布机构',
  '发布机关',
  '制发机关',
  '发文单位',
  '征集部门',
];

/**
 * Every metadata label the page extraction and the text model read. The canonical key is the
 * label itself. Longer labels first so 登记编号 wins over 登记号 and 信息来源 over 来源.
 */
export const META_LABELS: readonly string[] = [
  ...new Set([
    '索引号',
    '主题分类',
    '主题词',
    '组配分类',
    '体裁分类',
    '服务对象分类',
    '公文种类',
    ...ISSUER_KEYS,
    ...WRITTEN_KEYS,
    ...PUBLISHED_KEYS,
    '有效性',
    '效力状态',
    '时效性',
    '有效期',
    ...EFFECTIVE_KEYS,
    ...EXPIRY_KEYS,
    ...PERIOD_KEYS,
    '截止日期',
    '截止时间',
    ...REG_META_KEYS,
    '备案号',
    ...NUMBER_KEYS,
    '标题',
    '名称',
    '信息来源',
    '来源',
    '日期',
  ]),
].sort((a, b) => b.length - a.length);
