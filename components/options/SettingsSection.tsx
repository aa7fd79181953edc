/**
 * Settings: the reviewer's name (pre-filled in the record form), the sites Guishen runs on
 * besides *.gov.cn (each asks for its host permission inside the click that adds it), which
 * highlight categories are painted, and a pinned "today" for testing expiry.
 */
import { useState } from 'preact/hooks';
import { useT, type MessageKey } from '../i18n';
import { useApi, type HighlightKey, type Problem, type SettingsView } from './api';
import { ErrorLine, Problems, Section, Status, useLoad } from './common';

const HIGHLIGHTS: Array<[HighlightKey, MessageKey]> = [
  ['facts', 'options.settings.hlFacts'],
  ['三统一', 'options.settings.hlUnified'],
  ['有效期', 'options.settings.hlValidity'],
  ['合法性', 'options.settings.hlLegality'],
  ['程序', 'options.settings.hlProcedure'],
  ['格式', 'options.settings.hlFormat'],
];

export function SettingsSection() {
  const t = useT();
  const api = useApi();
  const loaded = useLoad(() => api.loadSettings(), [api]);
  const s = loaded.data;
  return (
    <Section id="settings" title={t('options.settings.title')}>
      <ErrorLine error={loaded.error} />
      {!s && !loaded.error && <p class="muted">{t('options.loading')}</p>}
      {s && <SettingsForm key={JSON.stringify(s)} settings={s} reload={loaded.reload} />}
    </Section>
  );
}

function SettingsForm({ settings, reload }: { settings: SettingsView; reload(): Promise<void> }) {
  const t = useT();
  const api = useApi();
  const [name, setName] = useState(settings.reviewerName);
  const [office, setOffice] = useState(settings.officeName ?? '');
  const [today, setToday] = useState(settings.todayOverride ?? '');
  const [site, setSite] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const parsed = site.trim() ? api.parseSite(site) : null;

  const save = async (patch: Partial<SettingsView>) => {
    const r = await api.saveSettings(patch);
    if (!r.ok) {
      setProblems(r.errors);
      return;
    }
    setProblems([]);
    await reload();
    setStatus(t('options.settings.saved'));
  };

  return (
    <>
      <Problems problems={problems} />
      <Status text={status} testId="settings-status" />
      <form
        class="setting"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ reviewerName: name.trim() });
        }}
      >
        <h3>
          <label for="reviewer-name">{t('options.settings.reviewer')}</label>
        </h3>
        <p class="muted">{t('options.settings.reviewerHelp')}</p>
        <div class="actions">
          <input
            id="reviewer-name"
            type="text"
            data-testid="reviewer-name"
            value={name}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" disabled={name.trim() === settings.reviewerName}>
            {t('options.save')}
          </button>
        </div>
      </form>

      <form
        class="setting"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ officeName: office.trim() });
        }}
      >
        <h3>
          <label for="office-name">{t('options.settings.office')}</label>
        </h3>
        <p class="muted">{t('options.settings.officeHelp')}</p>
        <div class="actions">
          <input
            id="office-name"
            type="text"
            maxLength={200}
            data-testid="office-name"
            value={office}
            onInput={(e) => setOffice((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" disabled={office.trim() === (settings.officeName ?? '')}>
            {t('options.save')}
          </button>
        </div>
      </form>

      <div class="setting">
        <h3 id="sites-title">{t('options.settings.sites')}</h3>
        <p class="muted">{t('options.settings.sitesHelp')}</p>
        {settings.enabledSites.length === 0 ? (
          <p class="muted">{t('options.settings.noSites')}</p>
        ) : (
          <ul class="sites" aria-labelledby="sites-title" data-testid="sites">
            {settings.enabledSites.map((p) => {
              const label = api.siteLabel(p);
              return (
                <li key={p}>
                  {label}{' '}
                  <button
                    type="button"
                    aria-label={t('options.settings.removeSite', [label])}
                    onClick={async () => {
                      await api.removeSite(p);
                      await reload();
                      setStatus(t('options.settings.siteRemoved', [label]));
                    }}
                  >
                    {t('options.delete')}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (!parsed?.ok) return;
            // The permission prompt must start inside this click: no await before addSite.
            void api.addSite(parsed.pattern).then(async (r) => {
              if (!r.ok) {
                setProblems(r.errors);
                return;
              }
              setSite('');
              setProblems([]);
              await reload();
              setStatus(t('options.settings.siteAdded', [api.siteLabel(parsed.pattern)]));
            });
          }}
        >
          <label>
            {t('options.settings.addSite')}{' '}
            <input
              type="text"
              data-testid="site-input"
              placeholder="https://oa.example.com"
              value={site}
              aria-invalid={parsed ? !parsed.ok : undefined}
              aria-describedby="site-hint"
              onInput={(e) => setSite((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" disabled={!parsed?.ok}>
            {t('options.settings.add')}
          </button>
          <span id="site-hint" class={parsed && !parsed.ok ? 'error-text' : 'muted'}>
            {parsed ? (parsed.ok ? api.siteLabel(parsed.pattern) : parsed.reason) : ''}
          </span>
        </form>
      </div>

      <fieldset class="setting">
        <legend>{t('options.settings.highlights')}</legend>
        <p class="muted">{t('options.settings.highlightsHelp')}</p>
        {HIGHLIGHTS.map(([key, label]) => (
          <label key={key} class="check">
            <input
              type="checkbox"
              checked={settings.highlights[key]}
              onChange={(e) =>
                void save({
                  highlights: {
                    ...settings.highlights,
                    [key]: (e.currentTarget as HTMLInputElement).checked,
                  },
                })
              }
            />{' '}
            {t(label)}
          </label>
        ))}
      </fieldset>

      <form
        class="setting"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ todayOverride: today || null });
        }}
      >
        <h3>
          <label for="today-override">{t('options.settings.today')}</label>
        </h3>
        <p class="muted">{t('options.settings.todayHelp')}</p>
        <div class="actions">
          <input
            id="today-override"
            type="date"
            data-testid="today-override"
            value={today}
            onInput={(e) => setToday((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">{t('options.save')}</button>
          {settings.todayOverride && (
            <button
              type="button"
              onClick={() => {
                setToday('');
                void save({ todayOverride: null });
              }}
            >
              {t('options.settings.realToday')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}
