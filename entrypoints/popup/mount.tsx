/**
 * Mounting an extension page (popup, side panel): the shared stylesheet, the document title,
 * and the translator the views get through context (the extension's is chrome.i18n's).
 */
import { render, type ComponentChild } from 'preact';
import { i18n } from '#i18n';
import '@/components/styles.css';
import { I18nContext, type MessageKey, type Translate } from '@/components/i18n';

export function mount(app: ComponentChild, titleKey: MessageKey): void {
  const t = i18n.t as unknown as Translate;
  document.title = t(titleKey);
  render(
    <I18nContext.Provider value={t}>{app}</I18nContext.Provider>,
    document.getElementById('app')!,
  );
}
