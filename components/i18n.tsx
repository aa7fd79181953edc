/**
 * Translation for views. Components never call browser APIs, so the entrypoint provides the
 * translator (`i18n.t` from #i18n, backed by browser.i18n) through this context; unit tests
 * provide one built from locales/zh_CN.yml (tests/unit/helpers/i18n.ts).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { GeneratedI18nStructure } from '#i18n';

/** Every message key of locales/zh_CN.yml. */
export type MessageKey = keyof GeneratedI18nStructure;

/** `t('key')`, `t('key', ['sub1', 'sub2'])` ($1, $2 in the message), `t('key', n)` (plural). */
export type Translate = (key: MessageKey, subs?: ReadonlyArray<string | number> | number) => string;

/** Without a provider, keys are shown as they are (visible in tests, never silently blank). */
export const I18nContext = createContext<Translate>((key) => key);

/** The translator of the surrounding provider. */
export function useT(): Translate {
  return useContext(I18nContext);
}
