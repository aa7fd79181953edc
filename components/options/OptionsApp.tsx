/**
 * The options page: the office's workbench, one section at a time behind a navigation bar
 * (hidden when printing). The section is a prop so the entrypoint can keep it in the URL hash.
 */
import { useT, type MessageKey } from '../i18n';
import type { LogPageView } from './api';
import { BackupSection } from './BackupSection';
import { LogSection } from './LogSection';
import { OfficeSection } from './OfficeSection';
import { PacksSection } from './PacksSection';
import { RegisterSection } from './RegisterSection';
import { ReportSection } from './ReportSection';
import { SettingsSection } from './SettingsSection';
import { SubscriptionsSection } from './SubscriptionsSection';

export type SectionId =
  'log' | 'register' | 'report' | 'packs' | 'subscriptions' | 'backup' | 'office' | 'settings';

export const SECTIONS: Array<[SectionId, MessageKey]> = [
  ['log', 'options.nav.log'],
  ['register', 'options.nav.register'],
  ['report', 'options.nav.report'],
  ['packs', 'options.nav.packs'],
  ['subscriptions', 'options.nav.subscriptions'],
  ['backup', 'options.nav.backup'],
  ['office', 'options.nav.office'],
  ['settings', 'options.nav.settings'],
];

/** Is `value` a section id (from a URL hash)? */
export function isSection(value: string): value is SectionId {
  return SECTIONS.some(([id]) => id === value);
}

export function OptionsApp({
  section,
  onSelect,
  initialLog,
}: {
  section: SectionId;
  onSelect(section: SectionId): void;
  /** The log's first page when the entrypoint already has it (no empty table on opening). */
  initialLog?: LogPageView;
}) {
  const t = useT();
  return (
    <div class="options-page">
      <header class="bar no-print">
        <h1>{t('options.title')}</h1>
        <span class="sub">{t('options.subtitle')}</span>
      </header>
      <nav class="tabs no-print" aria-label={t('options.nav.label')}>
        <ul>
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a
                href={`#${id}`}
                data-testid={`nav-${id}`}
                aria-current={section === id ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  onSelect(id);
                }}
              >
                {t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        {section === 'log' && <LogSection initial={initialLog} />}
        {section === 'register' && <RegisterSection />}
        {section === 'report' && <ReportSection />}
        {section === 'packs' && <PacksSection />}
        {section === 'subscriptions' && <SubscriptionsSection />}
        {section === 'backup' && <BackupSection onRestored={() => onSelect('log')} />}
        {section === 'office' && <OfficeSection />}
        {section === 'settings' && <SettingsSection />}
      </main>
    </div>
  );
}
