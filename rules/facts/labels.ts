/**
 * Metadata labels the facts read, shared by the page extraction (rules/extract.ts), the text
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
