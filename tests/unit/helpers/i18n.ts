/** A translator for component tests, built from the real locales/*.yml the extension ships. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import type { MessageKey, Translate } from '../../../components/i18n';

/** Loads locales/<locale>.yml and returns a `t` with chrome.i18n's $1…$9 substitution. */
export function loadTranslate(locale = 'zh_CN'): Translate {
  const text = readFileSync(join(__dirname, '../../../locales', `${locale}.yml`), 'utf8');
  const messages = generateChromeMessages(parseMessagesText(text, 'YAML'));
  return (key: MessageKey, subs) => {
    const m = messages[String(key).replace(/\./g, '_')];
    if (!m) throw new Error(`missing message ${String(key)}`);
    const list = typeof subs === 'number' ? [subs] : (subs ?? []);
    return m.message.replace(/\$(\d)/g, (_, i: string) => String(list[Number(i) - 1] ?? ''));
  };
}
