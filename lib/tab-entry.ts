/** What the background keeps per tab in `storage.session` (shared by background and pages). */
import type { MessageOf } from './messages';
import type { FileRef } from './entities';

export interface TabEntry {
  url: string;
  docKey: string;
  textHash?: string;
  report: MessageOf<'reportUpdated'>['report'];
  /** The text the report was made from. */
  text?: string;
  /** The file the text was read from (file review page). */
  file?: FileRef;
  /** Where each finding is in that file (「第 3 页第 12 行」), by finding index. */
  locations?: string[];
  updatedAt: string;
}

/** The storage.session key of a tab's entry. */
export const tabKey = (tabId: number) => `tab:${tabId}`;
