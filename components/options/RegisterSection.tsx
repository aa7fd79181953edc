/**
 * The validity register (有效期台账): normative documents by urgency — 已失效 (lapsed), 评估期
 * (evaluation due: expiry within the pack's evaluation window), 有效, 无有效期 — and its CSV.
 */
import { useState } from 'preact/hooks';
import { useT, type MessageKey } from '../i18n';
import { useApi, type RegisterState } from './api';
import { ErrorLine, Section, Status, useLoad } from './common';

const STATE_LABELS: Record<RegisterState, MessageKey> = {
  lapsed: 'options.register.lapsed',
  evaluationDue: 'options.register.due',
  valid: 'options.register.valid',
  unknown: 'options.register.unknown',
};
const STATES: RegisterState[] = ['lapsed', 'evaluationDue', 'valid', 'unknown'];

export function RegisterSection() {
  const t = useT();
  const api = useApi();
  const reg = useLoad(() => api.loadRegister(), [api]);
  const [only, setOnly] = useState<'' | RegisterState>('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const data = reg.data;
  const entries = data ? data.entries.filter((e) => !only || e.state === only) : [];
  const counts = new Map<RegisterState, number>();
  for (const e of data?.entries ?? []) counts.set(e.state, (counts.get(e.state) ?? 0) + 1);

  return (
    <Section
      id="register"
      title={t('options.register.title')}
      actions={
        <>
          <button
            type="button"
            data-testid="export-register"
            disabled={!data}
            onClick={() => data && api.download(api.registerCsv(entries, data.today))}
          >
            {t('options.register.export')}
          </button>
          <button
            type="button"
            data-testid="export-register-xlsx"
            disabled={!data || busy}
            onClick={async () => {
              if (!data) return;
              setBusy(true);
              try {
                api.download(await api.registerXlsx(entries, data.today));
                setStatus(t('options.register.exportedXlsx'));
              } catch (e) {
                setStatus((e as Error).message);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('options.register.exportXlsx')}
          </button>
        </>
      }
    >
      <ErrorLine error={reg.error} />
      <Status text={status} />
      {!data && !reg.error && <p class="muted">{t('options.loading')}</p>}
      {data && (
        <>
          <p class="muted">{t('options.register.help', [data.today, data.dueMonths])}</p>
          <div class="filters">
            <label>
              {t('options.register.show')}
              <select
                value={only}
                onChange={(e) =>
                  setOnly((e.currentTarget as HTMLSelectElement).value as RegisterState)
                }
              >
                <option value="">{t('options.register.all', [data.entries.length])}</option>
                {STATES.map((s) => (
                  <option key={s} value={s}>
                    {t(STATE_LABELS[s])}（{counts.get(s) ?? 0}）
                  </option>
                ))}
              </select>
            </label>
          </div>
          {entries.length === 0 ? (
            <p class="muted">{t('options.register.empty')}</p>
          ) : (
            <div class="table-wrap">
              <table class="list" data-testid="register">
                <caption class="sr-only">{t('options.register.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('options.register.state')}</th>
                    <th scope="col">{t('options.log.docTitle')}</th>
                    <th scope="col">{t('options.log.docNumber')}</th>
                    <th scope="col">{t('options.record.effective')}</th>
                    <th scope="col">{t('options.register.expiry')}</th>
                    <th scope="col">{t('options.register.evaluationFrom')}</th>
                    <th scope="col">{t('options.register.daysLeft')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.recordId} data-state={e.state}>
                      <td>
                        <span class={`state state-${e.state}`}>{t(STATE_LABELS[e.state])}</span>
                      </td>
                      <td>{e.title}</td>
                      <td>{e.docNumber ?? ''}</td>
                      <td>{e.effectiveDate ?? ''}</td>
                      <td>{e.expiry ?? ''}</td>
                      <td>{e.evaluationFrom ?? ''}</td>
                      <td class="num">{e.daysLeft ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
