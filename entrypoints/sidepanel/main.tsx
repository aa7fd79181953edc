import { render } from 'preact';
import { i18n } from '#i18n';
import '@/components/styles.css';
import { I18nContext, type Translate } from '@/components/i18n';
import { App } from './App';

// Views get their words through context; the extension's translator is chrome.i18n's.
const t = i18n.t as unknown as Translate;
document.title = t('panel.title');

render(
  <I18nContext.Provider value={t}>
    <App />
  </I18nContext.Provider>,
  document.getElementById('app')!,
);
